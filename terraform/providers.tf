# The ACL token is read from NOMAD_TOKEN in the environment (never from .env or the state); TLS to the API
# from NOMAD_CACERT / NOMAD_CLIENT_CERT / NOMAD_CLIENT_KEY, as for the nomad CLI.
provider "nomad" {
  address = var.nomad_addr
  region  = var.nomad_region
}
