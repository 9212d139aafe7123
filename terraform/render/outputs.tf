# What the root module submits, and where everything will be.

output "jobspecs" {
  description = "The Nomad job specifications, by job (minio, clickhouse, kafka, nifi, superset). Not sensitive on purpose: Terraform refuses to apply if a secret reached one."
  value       = local.jobspecs
}

output "deploy" {
  description = "Which jobs to submit: a service given as an external endpoint is not deployed."
  value       = local.deploy
}

output "job_names" {
  description = "Nomad job names, by job."
  value       = local.job_names
}

output "nomad_variables" {
  description = "Path of the Nomad variable holding the secrets of each job to deploy that has any."
  value       = { for name, deploy in local.deploy : name => local.secrets_paths[name] if deploy && contains(keys(local.secrets), name) }
}

output "secrets" {
  description = "Items of each job's Nomad variable."
  value       = local.secrets
  sensitive   = true

  # Secrets compared with each other: each credential opens something else. (Here rather than in the variables'
  # validations: Terraform skips a validation that refers to another variable which failed its own, so a placeholder
  # would hide the rest.)
  precondition {
    condition     = var.clickhouse_readonly_password != var.clickhouse_password
    error_message = "CLICKHOUSE_READONLY_PASSWORD must differ from CLICKHOUSE_PASSWORD (the read-only user would otherwise know the writer's password)."
  }
  precondition {
    condition     = var.kafka_bootstrap_servers != "" || !contains([var.kafka_password, var.kafka_controller_password], var.kafka_broker_password)
    error_message = "KAFKA_BROKER_PASSWORD must differ from KAFKA_PASSWORD and KAFKA_CONTROLLER_PASSWORD: each credential opens something else."
  }
  precondition {
    condition     = var.s3_endpoint != "" || var.minio_root_user != var.s3_access_key
    error_message = "MINIO_ROOT_USER must differ from S3_ACCESS_KEY: the application gets a user of its own, scoped to its buckets."
  }
}

output "clickhouse_url" {
  description = "ClickHouse HTTP endpoint (StandardClickHouseConnectionService URL)."
  value       = local.clickhouse_url
}

output "clickhouse_cluster" {
  description = "Cluster name for ON CLUSTER and Distributed tables (null with a single server)."
  value       = local.deploy.clickhouse && local.clickhouse_clustered ? var.clickhouse_cluster : null
}

output "clickhouse_storage_policies" {
  description = "Storage policies table creation can name (SETTINGS storage_policy = ...)."
  value       = local.deploy.clickhouse ? ["s3_main", "hot_to_s3"] : []
}

output "kafka_bootstrap_servers" {
  description = "Kafka bootstrap servers (Kafka3ConnectionService)."
  value       = local.kafka_bootstrap_servers
}

output "s3_endpoint" {
  description = "S3 endpoint (path-style) with the buckets raw, failures and clickhouse."
  value       = local.s3_endpoint
}

output "s3_buckets" {
  description = "Buckets created at MinIO's start."
  value = {
    raw        = var.s3_bucket_raw
    failures   = var.s3_bucket_failures
    clickhouse = var.s3_bucket_clickhouse
  }
}

output "minio_console_url" {
  description = "MinIO console (null with an external S3 endpoint)."
  value       = local.deploy.minio ? "http://minio-console.${var.service_domain}:${var.minio_console_port}" : null
}

output "nifi_url" {
  description = "NiFi UI."
  value       = "https://nifi.${var.service_domain}:${var.nifi_https_port}/nifi"
}

output "superset_url" {
  description = "Superset UI (null unless SUPERSET_ENABLED)."
  value       = local.deploy.superset ? "http://superset.${var.service_domain}:${var.superset_port}" : null
}

output "nomad_jobs" {
  description = "Nomad jobs this configuration manages."
  value       = [for name, deploy in local.deploy : local.job_names[name] if deploy]
}
