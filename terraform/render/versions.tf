# The rendering of the deployment: settings (variables and their validations), derived values and every Nomad job
# specification, with no provider at all, so that `terraform init` / `validate` / `apply` run offline (deploy-checks
# does so in every build). The root module (..) submits what this module renders with the hashicorp/nomad provider.
terraform {
  # 1.9 or later: variable validations compare settings with each other (NiFi cluster requirements).
  required_version = ">= 1.9.0"
}
