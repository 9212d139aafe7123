# Where everything is once `apply` is done (Consul DNS names; reach them from a node or through your proxy).
# Each is ./render's output of the same name.

output "clickhouse_url" {
  description = "ClickHouse HTTP endpoint (StandardClickHouseConnectionService URL)."
  value       = module.render.clickhouse_url
}

output "clickhouse_cluster" {
  description = "Cluster name for ON CLUSTER and Distributed tables (null with a single server)."
  value       = module.render.clickhouse_cluster
}

output "clickhouse_storage_policies" {
  description = "Storage policies table creation can name (SETTINGS storage_policy = ...)."
  value       = module.render.clickhouse_storage_policies
}

output "kafka_bootstrap_servers" {
  description = "Kafka bootstrap servers (Kafka3ConnectionService)."
  value       = module.render.kafka_bootstrap_servers
}

output "s3_endpoint" {
  description = "S3 endpoint (path-style) with the buckets raw, failures and clickhouse."
  value       = module.render.s3_endpoint
}

output "s3_buckets" {
  description = "Buckets created at MinIO's start."
  value       = module.render.s3_buckets
}

output "minio_console_url" {
  description = "MinIO console (null with an external S3 endpoint)."
  value       = module.render.minio_console_url
}

output "nifi_url" {
  description = "NiFi UI."
  value       = module.render.nifi_url
}

output "superset_url" {
  description = "Superset UI (null unless SUPERSET_ENABLED)."
  value       = module.render.superset_url
}

output "nomad_jobs" {
  description = "Nomad jobs this configuration manages."
  value       = module.render.nomad_jobs
}
