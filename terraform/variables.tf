# The settings, as the root module receives them from ./spotlight-tf (TF_VAR_*), passed on unchanged to ./render.
# The validations are in render/variables.tf and only there: a value that fails one reaches it already marked sensitive
# from here, so Terraform names the setting without printing the secret (a root variable's own validation would print
# it). deploy-checks holds these declarations equal to render/variables.tf (names, types, sensitivity, descriptions).

# --- Deployment -----------------------------------------------------------------------------------

variable "nomad_addr" {
  type        = string
  description = "Nomad's HTTP API address."
}

variable "nomad_region" {
  type        = string
  description = "Nomad region of the jobs and variables."
}

variable "nomad_namespace" {
  type        = string
  description = "Nomad namespace of the jobs and variables."
}

variable "nomad_datacenters" {
  type        = string
  description = "Comma-separated datacenters the jobs may run in."
}

variable "spotlight_job_prefix" {
  type        = string
  description = "Prefix of every job name and Nomad variable path."
}

variable "service_domain" {
  type        = string
  description = "DNS suffix of the Consul services (service.consul)."
}

variable "spotlight_version" {
  type        = string
  description = "Version of the Spotlight NARs."
}

# --- ClickHouse -----------------------------------------------------------------------------------

variable "clickhouse_url" {
  type        = string
  description = "External ClickHouse HTTP URL; empty deploys the ClickHouse job."
}

variable "clickhouse_http_port" {
  type        = number
  description = "ClickHouse HTTP port."
}

variable "clickhouse_tcp_port" {
  type        = number
  description = "ClickHouse native protocol port."
}

variable "clickhouse_interserver_port" {
  type        = number
  description = "ClickHouse interserver (replication) port."
}

variable "clickhouse_user" {
  type        = string
  description = "The user Spotlight writes as."
}

variable "clickhouse_password" {
  type        = string
  sensitive   = true
  description = "Password of clickhouse_user."
}

variable "clickhouse_database" {
  type        = string
  description = "Database of Spotlight's tables."
}

variable "clickhouse_readonly_user" {
  type        = string
  description = "Read-only user for dashboards."
}

variable "clickhouse_readonly_password" {
  type        = string
  sensitive   = true
  description = "Password of clickhouse_readonly_user."
}

variable "clickhouse_networks" {
  type        = string
  description = "Networks (CIDR, comma-separated) the ClickHouse users may connect from, besides loopback."
}

variable "clickhouse_image" {
  type        = string
  description = "ClickHouse server image."
}

variable "clickhouse_shards" {
  type        = number
  description = "Number of shards."
}

variable "clickhouse_replicas" {
  type        = number
  description = "Replicas per shard."
}

variable "clickhouse_cluster" {
  type        = string
  description = "Cluster name in remote_servers."
}

variable "clickhouse_keeper_nodes" {
  type        = number
  description = "ClickHouse Keeper members (1, 3 or 5) when there is more than one server."
}

variable "clickhouse_keeper_port" {
  type        = number
  description = "ClickHouse Keeper client port."
}

variable "clickhouse_keeper_raft_port" {
  type        = number
  description = "ClickHouse Keeper Raft port."
}

variable "clickhouse_s3_cache_size" {
  type        = string
  description = "Size of the local cache in front of the S3 disk."
}

variable "clickhouse_cpu" {
  type        = number
  description = "CPU (MHz) of each ClickHouse server."
}

variable "clickhouse_memory" {
  type        = number
  description = "Memory (MiB) of each ClickHouse server."
}

# --- Kafka ----------------------------------------------------------------------------------------

variable "kafka_bootstrap_servers" {
  type        = string
  description = "External Kafka cluster; empty deploys the Kafka job."
}

variable "kafka_port" {
  type        = number
  description = "Kafka broker port."
}

variable "kafka_controller_port" {
  type        = number
  description = "Kafka KRaft controller port."
}

variable "kafka_heap" {
  type        = string
  description = "JVM heap of each broker."
}

variable "kafka_image" {
  type        = string
  description = "Kafka image."
}

variable "kafka_brokers" {
  type        = number
  description = "Combined broker + controller nodes."
}

variable "kafka_cluster_id" {
  type        = string
  description = "KRaft cluster id."
}

variable "kafka_user" {
  type        = string
  description = "The user Spotlight's flows authenticate to Kafka as (SASL/SCRAM-SHA-512)."
}
variable "kafka_password" {
  type        = string
  sensitive   = true
  description = "Password of kafka_user."
}

variable "kafka_broker_password" {
  type        = string
  sensitive   = true
  description = "Password the brokers authenticate to each other with (SCRAM-SHA-512, user broker)."
}

variable "kafka_controller_password" {
  type        = string
  sensitive   = true
  description = "Password on the KRaft controller listener (SASL/PLAIN, user controller)."
}

variable "kafka_cpu" {
  type        = number
  description = "CPU (MHz) of each broker."
}

variable "kafka_memory" {
  type        = number
  description = "Memory (MiB) of each broker."
}

# --- S3 / MinIO -----------------------------------------------------------------------------------

variable "s3_endpoint" {
  type        = string
  description = "External S3 endpoint; empty deploys the MinIO job."
}

variable "s3_port" {
  type        = number
  description = "MinIO S3 API port."
}

variable "s3_region" {
  type        = string
  description = "S3 region."
}

variable "s3_access_key" {
  type        = string
  sensitive   = true
  description = "Spotlight's S3 access key: MinIO's application user, allowed on the three buckets only."
}

variable "s3_secret_key" {
  type        = string
  sensitive   = true
  description = "Secret key of s3_access_key."
}

variable "minio_root_user" {
  type        = string
  sensitive   = true
  description = "MinIO's root user (administration only; the application has its own keys)."
}

variable "minio_root_password" {
  type        = string
  sensitive   = true
  description = "MinIO's root password."
}

variable "s3_bucket_raw" {
  type        = string
  description = "Bucket of raw documents."
}

variable "s3_bucket_failures" {
  type        = string
  description = "Bucket of failed records' payloads."
}

variable "s3_bucket_clickhouse" {
  type        = string
  description = "Bucket of ClickHouse's S3 disk."
}

variable "minio_image" {
  type        = string
  description = "MinIO server image."
}

variable "minio_mc_image" {
  type        = string
  description = "MinIO client image."
}

variable "minio_servers" {
  type        = number
  description = "MinIO servers."
}

variable "minio_drives_per_server" {
  type        = number
  description = "Drives (host volumes) per MinIO server."
}

variable "minio_console_port" {
  type        = number
  description = "MinIO console port."
}

variable "minio_cpu" {
  type        = number
  description = "CPU (MHz) of each MinIO server."
}

variable "minio_memory" {
  type        = number
  description = "Memory (MiB) of each MinIO server."
}

# --- NiFi -----------------------------------------------------------------------------------------

variable "nifi_heap" {
  type        = string
  description = "JVM heap of NiFi."
}

variable "nifi_sensitive_props_key" {
  type        = string
  sensitive   = true
  description = "Key of NiFi's sensitive properties."
}

variable "nifi_image" {
  type        = string
  description = "NiFi image."
}

variable "nifi_https_port" {
  type        = number
  description = "NiFi HTTPS port."
}

variable "nifi_proxy_hosts" {
  type        = string
  description = "Extra host[:port] names the UI is reached at."
}

variable "nifi_nodes" {
  type        = number
  description = "NiFi nodes; more than one forms a cluster."
}

variable "nifi_username" {
  type        = string
  description = "Single-node login user."
}

variable "nifi_password" {
  type        = string
  sensitive   = true
  description = "Single-node login password."
}

variable "nifi_cluster_protocol_port" {
  type        = number
  description = "NiFi cluster node protocol port."
}

variable "nifi_load_balance_port" {
  type        = number
  description = "NiFi cluster load-balancing port."
}

variable "nifi_zookeeper_connect" {
  type        = string
  description = "ZooKeeper connect string of a NiFi cluster."
}

variable "nifi_tls_vault_pki" {
  type        = string
  description = "Vault PKI issue path of NiFi's certificates."
}

variable "nifi_admin_identity" {
  type        = string
  description = "Certificate DN of a NiFi cluster's first administrator."
}

variable "nifi_nar_repository" {
  type        = string
  description = "Maven repository (https) of the Spotlight NARs; empty uses the host volume nifi-nars."
}

variable "nifi_nar_sha256" {
  type        = string
  description = "SHA-256 of nifi-spotlight-nar, checked after the download from nifi_nar_repository."
}

variable "nifi_services_api_nar_sha256" {
  type        = string
  description = "SHA-256 of nifi-spotlight-services-api-nar, checked after the download from nifi_nar_repository."
}

variable "nifi_registry_client" {
  type        = string
  description = "Flow registry client created at start: github, gitlab or none."
}

variable "nifi_registry_api_url" {
  type        = string
  description = "API URL of the Git host."
}

variable "nifi_registry_repository_owner" {
  type        = string
  description = "Repository owner (GitHub) or namespace (GitLab)."
}

variable "nifi_registry_repository_name" {
  type        = string
  description = "Repository of the flow definitions."
}

variable "nifi_registry_branch" {
  type        = string
  description = "Branch of the flow definitions."
}

variable "nifi_registry_path" {
  type        = string
  description = "Directory of the flow definitions in the repository."
}

variable "nifi_registry_token" {
  type        = string
  sensitive   = true
  description = "Access token of the flow repository."
}

variable "nifi_cpu" {
  type        = number
  description = "CPU (MHz) of each NiFi node."
}

variable "nifi_memory" {
  type        = number
  description = "Memory (MiB) of each NiFi node."
}

# --- Superset -------------------------------------------------------------------------------------

variable "superset_enabled" {
  type        = bool
  description = "Deploy Superset."
}

variable "superset_image" {
  type        = string
  description = "Superset image."
}

variable "superset_port" {
  type        = number
  description = "Superset web port."
}

variable "superset_admin_user" {
  type        = string
  description = "Superset's first administrator."
}

variable "superset_admin_password" {
  type        = string
  sensitive   = true
  description = "Password of superset_admin_user."
}

variable "superset_secret_key" {
  type        = string
  sensitive   = true
  description = "Superset's session signing key."
}

variable "superset_clickhouse_driver" {
  type        = string
  description = "pip requirement of Superset's ClickHouse driver."
}

variable "superset_cpu" {
  type        = number
  description = "CPU (MHz) of Superset."
}

variable "superset_memory" {
  type        = number
  description = "Memory (MiB) of Superset."
}
