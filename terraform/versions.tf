terraform {
  # 1.9 or later: variable validations compare settings with each other (NiFi cluster requirements).
  required_version = ">= 1.9.0"

  required_providers {
    nomad = {
      source  = "hashicorp/nomad"
      version = "~> 2.4"
    }
  }
}
