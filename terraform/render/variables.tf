# One variable per setting of example.env, named after it in lower case (CLICKHOUSE_HTTP_PORT -> clickhouse_http_port).
# None has a default: the .env file is the single source of truth, and ../spotlight-tf feeds it in as TF_VAR_*, through
# the root module (../variables.tf, which declares the same variables without validating them). Every validation is
# here. Descriptions are short; example.env documents each setting in full.

# --- Deployment -----------------------------------------------------------------------------------

variable "nomad_addr" {
  type        = string
  description = "Nomad's HTTP API address."
  validation {
    condition     = can(regex("^https?://[^/]+", var.nomad_addr))
    error_message = "NOMAD_ADDR must be an http:// or https:// URL."
  }
}

variable "nomad_region" {
  type        = string
  description = "Nomad region of the jobs and variables."
  validation {
    condition     = var.nomad_region != ""
    error_message = "NOMAD_REGION must not be empty."
  }
}

variable "nomad_namespace" {
  type        = string
  description = "Nomad namespace of the jobs and variables."
  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,128}$", var.nomad_namespace))
    error_message = "NOMAD_NAMESPACE must be a Nomad namespace name."
  }
}

variable "nomad_datacenters" {
  type        = string
  description = "Comma-separated datacenters the jobs may run in."
  validation {
    condition     = can(regex("^[A-Za-z0-9_*-]+( *, *[A-Za-z0-9_*-]+)*$", var.nomad_datacenters))
    error_message = "NOMAD_DATACENTERS must be a comma-separated list of datacenter names."
  }
}

variable "spotlight_job_prefix" {
  type        = string
  description = "Prefix of every job name and Nomad variable path."
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,40}$", var.spotlight_job_prefix))
    error_message = "SPOTLIGHT_JOB_PREFIX must start with a letter and hold only a-z, 0-9 and dashes."
  }
}

variable "service_domain" {
  type        = string
  description = "DNS suffix of the Consul services (service.consul)."
  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$", var.service_domain))
    error_message = "SERVICE_DOMAIN must be a DNS suffix such as service.consul."
  }
}

variable "spotlight_version" {
  type        = string
  description = "Version of the Spotlight NARs."
  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+(-[A-Za-z0-9.]+)?$", var.spotlight_version))
    error_message = "SPOTLIGHT_VERSION must be a Maven version such as 0.1.0 or 0.1.0-SNAPSHOT."
  }
}

# --- ClickHouse -----------------------------------------------------------------------------------

variable "clickhouse_url" {
  type        = string
  description = "External ClickHouse HTTP URL; empty deploys the ClickHouse job."
  validation {
    condition     = var.clickhouse_url == "" || can(regex("^https?://[^/]+", var.clickhouse_url))
    error_message = "CLICKHOUSE_URL must be empty or an http:// or https:// URL."
  }
}

variable "clickhouse_http_port" {
  type        = number
  description = "ClickHouse HTTP port."
  validation {
    condition     = var.clickhouse_http_port >= 1 && var.clickhouse_http_port <= 65535 && floor(var.clickhouse_http_port) == var.clickhouse_http_port
    error_message = "CLICKHOUSE_HTTP_PORT must be a port number."
  }
}

variable "clickhouse_tcp_port" {
  type        = number
  description = "ClickHouse native protocol port."
  validation {
    condition     = var.clickhouse_tcp_port >= 1 && var.clickhouse_tcp_port <= 65535 && floor(var.clickhouse_tcp_port) == var.clickhouse_tcp_port
    error_message = "CLICKHOUSE_TCP_PORT must be a port number."
  }
}

variable "clickhouse_interserver_port" {
  type        = number
  description = "ClickHouse interserver (replication) port."
  validation {
    condition     = var.clickhouse_interserver_port >= 1 && var.clickhouse_interserver_port <= 65535 && floor(var.clickhouse_interserver_port) == var.clickhouse_interserver_port
    error_message = "CLICKHOUSE_INTERSERVER_PORT must be a port number."
  }
}

variable "clickhouse_user" {
  type        = string
  description = "The user Spotlight writes as."
  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", var.clickhouse_user)) && var.clickhouse_user != "default"
    error_message = "CLICKHOUSE_USER must be an identifier (letters, digits, underscores) other than default."
  }
}

variable "clickhouse_password" {
  type        = string
  sensitive   = true
  description = "Password of clickhouse_user."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = length(var.clickhouse_password) >= 16 && length(distinct(regexall(".", var.clickhouse_password))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.clickhouse_password)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.clickhouse_password))
    error_message = "CLICKHOUSE_PASSWORD must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "clickhouse_database" {
  type        = string
  description = "Database of Spotlight's tables."
  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", var.clickhouse_database))
    error_message = "CLICKHOUSE_DATABASE must be an identifier (letters, digits, underscores)."
  }
}

variable "clickhouse_readonly_user" {
  type        = string
  description = "Read-only user for dashboards."
  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", var.clickhouse_readonly_user)) && !contains(["default", var.clickhouse_user], var.clickhouse_readonly_user)
    error_message = "CLICKHOUSE_READONLY_USER must be an identifier other than default and CLICKHOUSE_USER."
  }
}

variable "clickhouse_readonly_password" {
  type        = string
  sensitive   = true
  description = "Password of clickhouse_readonly_user."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = length(var.clickhouse_readonly_password) >= 16 && length(distinct(regexall(".", var.clickhouse_readonly_password))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.clickhouse_readonly_password)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.clickhouse_readonly_password))
    error_message = "CLICKHOUSE_READONLY_PASSWORD must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "clickhouse_networks" {
  type        = string
  description = "Networks (CIDR, comma-separated) the ClickHouse users may connect from, besides loopback."
  validation {
    condition     = var.clickhouse_url != "" || alltrue([for network in split(",", var.clickhouse_networks) : can(cidrnetmask(trimspace(network))) && !contains(["0.0.0.0/0", "::/0"], trimspace(network))])
    error_message = "CLICKHOUSE_NETWORKS must list the networks of the Nomad clients that run NiFi, Superset and ClickHouse itself as IPv4 CIDR blocks (such as 10.0.1.0/24,10.0.2.0/24); 0.0.0.0/0 would let anyone who reaches the port try the passwords."
  }
}

variable "clickhouse_image" {
  type        = string
  description = "ClickHouse server image."
  validation {
    condition     = can(regex("^[^\\s]+:[^\\s]+$", var.clickhouse_image))
    error_message = "CLICKHOUSE_IMAGE must be an image reference with a tag."
  }
}

variable "clickhouse_shards" {
  type        = number
  description = "Number of shards."
  validation {
    condition     = var.clickhouse_shards >= 1 && var.clickhouse_shards <= 32 && floor(var.clickhouse_shards) == var.clickhouse_shards
    error_message = "CLICKHOUSE_SHARDS must be a whole number from 1 to 32."
  }
}

variable "clickhouse_replicas" {
  type        = number
  description = "Replicas per shard."
  validation {
    condition     = var.clickhouse_replicas >= 1 && var.clickhouse_replicas <= 8 && floor(var.clickhouse_replicas) == var.clickhouse_replicas
    error_message = "CLICKHOUSE_REPLICAS must be a whole number from 1 to 8."
  }
}

variable "clickhouse_cluster" {
  type        = string
  description = "Cluster name in remote_servers."
  validation {
    condition     = can(regex("^[A-Za-z_][A-Za-z0-9_]{0,62}$", var.clickhouse_cluster))
    error_message = "CLICKHOUSE_CLUSTER must be an identifier (letters, digits, underscores)."
  }
}

variable "clickhouse_keeper_nodes" {
  type        = number
  description = "ClickHouse Keeper members (1, 3 or 5) when there is more than one server."
  validation {
    condition     = contains([1, 3, 5], var.clickhouse_keeper_nodes)
    error_message = "CLICKHOUSE_KEEPER_NODES must be 1, 3 or 5."
  }
}

variable "clickhouse_keeper_port" {
  type        = number
  description = "ClickHouse Keeper client port."
  validation {
    condition     = var.clickhouse_keeper_port >= 1 && var.clickhouse_keeper_port <= 65535 && floor(var.clickhouse_keeper_port) == var.clickhouse_keeper_port
    error_message = "CLICKHOUSE_KEEPER_PORT must be a port number."
  }
}

variable "clickhouse_keeper_raft_port" {
  type        = number
  description = "ClickHouse Keeper Raft port."
  validation {
    condition     = var.clickhouse_keeper_raft_port >= 1 && var.clickhouse_keeper_raft_port <= 65535 && floor(var.clickhouse_keeper_raft_port) == var.clickhouse_keeper_raft_port
    error_message = "CLICKHOUSE_KEEPER_RAFT_PORT must be a port number."
  }
}

variable "clickhouse_s3_cache_size" {
  type        = string
  description = "Size of the local cache in front of the S3 disk."
  validation {
    condition     = can(regex("^[0-9]+(Ki|Mi|Gi|Ti)?$", var.clickhouse_s3_cache_size))
    error_message = "CLICKHOUSE_S3_CACHE_SIZE must be a size such as 10Gi or 500Mi."
  }
}

variable "clickhouse_cpu" {
  type        = number
  description = "CPU (MHz) of each ClickHouse server."
  validation {
    condition     = var.clickhouse_cpu >= 100
    error_message = "CLICKHOUSE_CPU must be at least 100 (MHz)."
  }
}

variable "clickhouse_memory" {
  type        = number
  description = "Memory (MiB) of each ClickHouse server."
  validation {
    condition     = var.clickhouse_memory >= 1024
    error_message = "CLICKHOUSE_MEMORY must be at least 1024 (MiB)."
  }
}

# --- Kafka ----------------------------------------------------------------------------------------

variable "kafka_bootstrap_servers" {
  type        = string
  description = "External Kafka cluster; empty deploys the Kafka job."
  validation {
    condition     = var.kafka_bootstrap_servers == "" || can(regex("^[^,:\\s]+:[0-9]+(,[^,:\\s]+:[0-9]+)*$", var.kafka_bootstrap_servers))
    error_message = "KAFKA_BOOTSTRAP_SERVERS must be empty or host:port[,host:port]."
  }
}

variable "kafka_port" {
  type        = number
  description = "Kafka broker port."
  validation {
    condition     = var.kafka_port >= 1 && var.kafka_port <= 65535 && floor(var.kafka_port) == var.kafka_port
    error_message = "KAFKA_PORT must be a port number."
  }
}

variable "kafka_controller_port" {
  type        = number
  description = "Kafka KRaft controller port."
  validation {
    condition     = var.kafka_controller_port >= 1 && var.kafka_controller_port <= 65535 && floor(var.kafka_controller_port) == var.kafka_controller_port && var.kafka_controller_port != var.kafka_port
    error_message = "KAFKA_CONTROLLER_PORT must be a port number other than KAFKA_PORT."
  }
}

variable "kafka_heap" {
  type        = string
  description = "JVM heap of each broker."
  validation {
    condition     = can(regex("^[0-9]+[kmgKMG]$", var.kafka_heap))
    error_message = "KAFKA_HEAP must be a JVM size such as 1g or 512m."
  }
}

variable "kafka_image" {
  type        = string
  description = "Kafka image."
  validation {
    condition     = can(regex("^[^\\s]+:[^\\s]+$", var.kafka_image))
    error_message = "KAFKA_IMAGE must be an image reference with a tag."
  }
}

variable "kafka_brokers" {
  type        = number
  description = "Combined broker + controller nodes."
  validation {
    condition     = var.kafka_brokers >= 1 && var.kafka_brokers <= 9 && floor(var.kafka_brokers) == var.kafka_brokers
    error_message = "KAFKA_BROKERS must be a whole number from 1 to 9."
  }
}

variable "kafka_cluster_id" {
  type        = string
  description = "KRaft cluster id."
  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{22}$", var.kafka_cluster_id))
    error_message = "KAFKA_CLUSTER_ID must be 22 characters of URL-safe base64 (kafka-storage.sh random-uuid)."
  }
}

variable "kafka_user" {
  type        = string
  description = "The user Spotlight's flows authenticate to Kafka as (SASL/SCRAM-SHA-512)."
  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,64}$", var.kafka_user)) && !contains(["broker", "controller"], var.kafka_user)
    error_message = "KAFKA_USER must be a user name of letters, digits, _ . - other than broker and controller (the brokers' own)."
  }
}
variable "kafka_password" {
  type        = string
  sensitive   = true
  description = "Password of kafka_user."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = var.kafka_bootstrap_servers != "" || (length(var.kafka_password) >= 16 && length(distinct(regexall(".", var.kafka_password))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.kafka_password)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.kafka_password)))
    error_message = "KAFKA_PASSWORD must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "kafka_broker_password" {
  type        = string
  sensitive   = true
  description = "Password the brokers authenticate to each other with (SCRAM-SHA-512, user broker)."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = var.kafka_bootstrap_servers != "" || (length(var.kafka_broker_password) >= 16 && length(distinct(regexall(".", var.kafka_broker_password))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.kafka_broker_password)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.kafka_broker_password)))
    error_message = "KAFKA_BROKER_PASSWORD must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "kafka_controller_password" {
  type        = string
  sensitive   = true
  description = "Password on the KRaft controller listener (SASL/PLAIN, user controller)."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = var.kafka_bootstrap_servers != "" || (length(var.kafka_controller_password) >= 16 && length(distinct(regexall(".", var.kafka_controller_password))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.kafka_controller_password)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.kafka_controller_password)))
    error_message = "KAFKA_CONTROLLER_PASSWORD must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "kafka_cpu" {
  type        = number
  description = "CPU (MHz) of each broker."
  validation {
    condition     = var.kafka_cpu >= 100
    error_message = "KAFKA_CPU must be at least 100 (MHz)."
  }
}

variable "kafka_memory" {
  type        = number
  description = "Memory (MiB) of each broker."
  validation {
    condition     = var.kafka_memory >= 512
    error_message = "KAFKA_MEMORY must be at least 512 (MiB)."
  }
}

# --- S3 / MinIO -----------------------------------------------------------------------------------

variable "s3_endpoint" {
  type        = string
  description = "External S3 endpoint; empty deploys the MinIO job."
  validation {
    condition     = var.s3_endpoint == "" || can(regex("^https?://[^/]+/?$", var.s3_endpoint))
    error_message = "S3_ENDPOINT must be empty or an http:// or https:// URL without a path."
  }
}

variable "s3_port" {
  type        = number
  description = "MinIO S3 API port."
  validation {
    condition     = var.s3_port >= 1 && var.s3_port <= 65535 && floor(var.s3_port) == var.s3_port
    error_message = "S3_PORT must be a port number."
  }
}

variable "s3_region" {
  type        = string
  description = "S3 region."
  validation {
    condition     = can(regex("^[a-z0-9-]+$", var.s3_region))
    error_message = "S3_REGION must be a region name such as us-east-1."
  }
}

variable "s3_access_key" {
  type        = string
  sensitive   = true
  description = "Spotlight's S3 access key: MinIO's application user, allowed on the three buckets only."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = length(var.s3_access_key) >= 16 && length(distinct(regexall(".", var.s3_access_key))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.s3_access_key)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.s3_access_key))
    error_message = "S3_ACCESS_KEY must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 10"
  }
  validation {
    condition     = !strcontains(var.s3_access_key, "=")
    error_message = "S3_ACCESS_KEY must not contain = (MinIO reserves it in access keys)."
  }
}

variable "s3_secret_key" {
  type        = string
  sensitive   = true
  description = "Secret key of s3_access_key."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = length(var.s3_secret_key) >= 16 && length(distinct(regexall(".", var.s3_secret_key))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.s3_secret_key)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.s3_secret_key))
    error_message = "S3_SECRET_KEY must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "minio_root_user" {
  type        = string
  sensitive   = true
  description = "MinIO's root user (administration only; the application has its own keys)."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = var.s3_endpoint != "" || (length(var.minio_root_user) >= 16 && length(distinct(regexall(".", var.minio_root_user))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.minio_root_user)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.minio_root_user)))
    error_message = "MINIO_ROOT_USER must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 16"
  }
  validation {
    condition     = var.s3_endpoint != "" || !strcontains(var.minio_root_user, "=")
    error_message = "MINIO_ROOT_USER must not contain = (MinIO reserves it in access keys)."
  }
}

variable "minio_root_password" {
  type        = string
  sensitive   = true
  description = "MinIO's root password."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = var.s3_endpoint != "" || (length(var.minio_root_password) >= 16 && length(distinct(regexall(".", var.minio_root_password))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.minio_root_password)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.minio_root_password)))
    error_message = "MINIO_ROOT_PASSWORD must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "s3_bucket_raw" {
  type        = string
  description = "Bucket of raw documents."
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.s3_bucket_raw))
    error_message = "S3_BUCKET_RAW must be a valid S3 bucket name."
  }
}

variable "s3_bucket_failures" {
  type        = string
  description = "Bucket of failed records' payloads."
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.s3_bucket_failures))
    error_message = "S3_BUCKET_FAILURES must be a valid S3 bucket name."
  }
}

variable "s3_bucket_clickhouse" {
  type        = string
  description = "Bucket of ClickHouse's S3 disk."
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.s3_bucket_clickhouse)) && !contains([var.s3_bucket_raw, var.s3_bucket_failures], var.s3_bucket_clickhouse)
    error_message = "S3_BUCKET_CLICKHOUSE must be a valid S3 bucket name of its own (ClickHouse owns every object in it)."
  }
}

variable "minio_image" {
  type        = string
  description = "MinIO server image."
  validation {
    condition     = can(regex("^[^\\s]+:[^\\s]+$", var.minio_image))
    error_message = "MINIO_IMAGE must be an image reference with a tag."
  }
}

variable "minio_mc_image" {
  type        = string
  description = "MinIO client image."
  validation {
    condition     = can(regex("^[^\\s]+:[^\\s]+$", var.minio_mc_image))
    error_message = "MINIO_MC_IMAGE must be an image reference with a tag."
  }
}

variable "minio_servers" {
  type        = number
  description = "MinIO servers."
  validation {
    condition     = var.minio_servers >= 1 && var.minio_servers <= 32 && floor(var.minio_servers) == var.minio_servers
    error_message = "MINIO_SERVERS must be a whole number from 1 to 32."
  }
}

variable "minio_drives_per_server" {
  type        = number
  description = "Drives (host volumes) per MinIO server."
  validation {
    condition     = var.minio_drives_per_server >= 1 && var.minio_drives_per_server <= 16 && floor(var.minio_drives_per_server) == var.minio_drives_per_server
    error_message = "MINIO_DRIVES_PER_SERVER must be a whole number from 1 to 16."
  }
}

variable "minio_console_port" {
  type        = number
  description = "MinIO console port."
  validation {
    condition     = var.minio_console_port >= 1 && var.minio_console_port <= 65535 && floor(var.minio_console_port) == var.minio_console_port && var.minio_console_port != var.s3_port
    error_message = "MINIO_CONSOLE_PORT must be a port number other than S3_PORT."
  }
}

variable "minio_cpu" {
  type        = number
  description = "CPU (MHz) of each MinIO server."
  validation {
    condition     = var.minio_cpu >= 100
    error_message = "MINIO_CPU must be at least 100 (MHz)."
  }
}

variable "minio_memory" {
  type        = number
  description = "Memory (MiB) of each MinIO server."
  validation {
    condition     = var.minio_memory >= 512
    error_message = "MINIO_MEMORY must be at least 512 (MiB)."
  }
}

# --- NiFi -----------------------------------------------------------------------------------------

variable "nifi_heap" {
  type        = string
  description = "JVM heap of NiFi."
  validation {
    condition     = can(regex("^[0-9]+[kmgKMG]$", var.nifi_heap))
    error_message = "NIFI_HEAP must be a JVM size such as 2g."
  }
}

variable "nifi_sensitive_props_key" {
  type        = string
  sensitive   = true
  description = "Key of NiFi's sensitive properties."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = length(var.nifi_sensitive_props_key) >= 16 && length(distinct(regexall(".", var.nifi_sensitive_props_key))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.nifi_sensitive_props_key)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.nifi_sensitive_props_key))
    error_message = "NIFI_SENSITIVE_PROPS_KEY must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "nifi_image" {
  type        = string
  description = "NiFi image."
  validation {
    condition     = can(regex("^[^\\s]+:2\\.[0-9]+\\.[0-9]+$", var.nifi_image))
    error_message = "NIFI_IMAGE must be a NiFi 2.x image with its version as tag (such as apache/nifi:2.3.0)."
  }
}

variable "nifi_https_port" {
  type        = number
  description = "NiFi HTTPS port."
  validation {
    condition     = var.nifi_https_port >= 1 && var.nifi_https_port <= 65535 && floor(var.nifi_https_port) == var.nifi_https_port
    error_message = "NIFI_HTTPS_PORT must be a port number."
  }
}

variable "nifi_proxy_hosts" {
  type        = string
  description = "Extra host[:port] names the UI is reached at."
  validation {
    condition     = var.nifi_proxy_hosts == "" || can(regex("^[A-Za-z0-9.-]+(:[0-9]+)?(,[A-Za-z0-9.-]+(:[0-9]+)?)*$", var.nifi_proxy_hosts))
    error_message = "NIFI_PROXY_HOSTS must be empty or a comma-separated list of host[:port]."
  }
}

variable "nifi_nodes" {
  type        = number
  description = "NiFi nodes; more than one forms a cluster."
  validation {
    condition     = var.nifi_nodes >= 1 && var.nifi_nodes <= 16 && floor(var.nifi_nodes) == var.nifi_nodes
    error_message = "NIFI_NODES must be a whole number from 1 to 16."
  }
}

variable "nifi_username" {
  type        = string
  description = "Single-node login user."
  validation {
    condition     = can(regex("^[A-Za-z0-9._@-]+$", var.nifi_username))
    error_message = "NIFI_USERNAME must be a plain user name."
  }
}

variable "nifi_password" {
  type        = string
  sensitive   = true
  description = "Single-node login password."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = var.nifi_nodes != 1 || (length(var.nifi_password) >= 16 && length(distinct(regexall(".", var.nifi_password))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.nifi_password)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.nifi_password)))
    error_message = "NIFI_PASSWORD must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "nifi_cluster_protocol_port" {
  type        = number
  description = "NiFi cluster node protocol port."
  validation {
    condition     = var.nifi_cluster_protocol_port >= 1 && var.nifi_cluster_protocol_port <= 65535 && floor(var.nifi_cluster_protocol_port) == var.nifi_cluster_protocol_port
    error_message = "NIFI_CLUSTER_PROTOCOL_PORT must be a port number."
  }
}

variable "nifi_load_balance_port" {
  type        = number
  description = "NiFi cluster load-balancing port."
  validation {
    condition     = var.nifi_load_balance_port >= 1 && var.nifi_load_balance_port <= 65535 && floor(var.nifi_load_balance_port) == var.nifi_load_balance_port
    error_message = "NIFI_LOAD_BALANCE_PORT must be a port number."
  }
}

variable "nifi_zookeeper_connect" {
  type        = string
  description = "ZooKeeper connect string of a NiFi cluster."
  validation {
    condition     = var.nifi_nodes == 1 || can(regex("^[^,:\\s]+:[0-9]+(,[^,:\\s]+:[0-9]+)*$", var.nifi_zookeeper_connect))
    error_message = "NIFI_ZOOKEEPER_CONNECT must be host:port[,host:port] when NIFI_NODES is more than 1."
  }
}

variable "nifi_tls_vault_pki" {
  type        = string
  description = "Vault PKI issue path of NiFi's certificates."
  validation {
    condition     = (var.nifi_nodes == 1 && var.nifi_tls_vault_pki == "") || can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/issue/[A-Za-z0-9_.-]+$", var.nifi_tls_vault_pki))
    error_message = "NIFI_TLS_VAULT_PKI must be a Vault PKI issue path (mount/issue/role); a NiFi cluster requires one."
  }
}

variable "nifi_admin_identity" {
  type        = string
  description = "Certificate DN of a NiFi cluster's first administrator."
  validation {
    condition     = var.nifi_nodes == 1 || can(regex("^[A-Za-z]+=.+", var.nifi_admin_identity))
    error_message = "NIFI_ADMIN_IDENTITY must be a certificate DN such as CN=admin when NIFI_NODES is more than 1."
  }
}

variable "nifi_nar_repository" {
  type        = string
  description = "Maven repository (https) of the Spotlight NARs; empty uses the host volume nifi-nars."
  validation {
    condition     = var.nifi_nar_repository == "" || can(regex("^https://[^\\s/]+(/[^\\s]*[^/\\s])?$", var.nifi_nar_repository))
    error_message = "NIFI_NAR_REPOSITORY must be empty or an https:// URL without a trailing slash: the NARs are code NiFi runs, never fetched over plain HTTP."
  }
}

variable "nifi_nar_sha256" {
  type        = string
  description = "SHA-256 of nifi-spotlight-nar, checked after the download from nifi_nar_repository."
  validation {
    condition     = var.nifi_nar_repository == "" || can(regex("^[0-9a-f]{64}$", var.nifi_nar_sha256))
    error_message = "NIFI_NAR_SHA256 must be the SHA-256 (64 hex digits) of nifi-spotlight-nar when NIFI_NAR_REPOSITORY is set: sha256sum nifi-spotlight-nar/target/nifi-spotlight-nar-*.nar"
  }
}

variable "nifi_services_api_nar_sha256" {
  type        = string
  description = "SHA-256 of nifi-spotlight-services-api-nar, checked after the download from nifi_nar_repository."
  validation {
    condition     = var.nifi_nar_repository == "" || can(regex("^[0-9a-f]{64}$", var.nifi_services_api_nar_sha256))
    error_message = "NIFI_SERVICES_API_NAR_SHA256 must be the SHA-256 (64 hex digits) of nifi-spotlight-services-api-nar when NIFI_NAR_REPOSITORY is set: sha256sum nifi-spotlight-services-api-nar/target/*.nar"
  }
}

variable "nifi_registry_client" {
  type        = string
  description = "Flow registry client created at start: github, gitlab or none."
  validation {
    condition     = contains(["github", "gitlab", "none"], var.nifi_registry_client)
    error_message = "NIFI_REGISTRY_CLIENT must be github, gitlab or none."
  }
}

variable "nifi_registry_api_url" {
  type        = string
  description = "API URL of the Git host."
  validation {
    condition     = can(regex("^https?://[^\\s]+$", var.nifi_registry_api_url))
    error_message = "NIFI_REGISTRY_API_URL must be an http(s) URL."
  }
}

variable "nifi_registry_repository_owner" {
  type        = string
  description = "Repository owner (GitHub) or namespace (GitLab)."
  validation {
    condition     = var.nifi_registry_client == "none" || can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.nifi_registry_repository_owner))
    error_message = "NIFI_REGISTRY_REPOSITORY_OWNER must be an owner or namespace name."
  }
}

variable "nifi_registry_repository_name" {
  type        = string
  description = "Repository of the flow definitions."
  validation {
    condition     = var.nifi_registry_client == "none" || can(regex("^[A-Za-z0-9_.-]+$", var.nifi_registry_repository_name))
    error_message = "NIFI_REGISTRY_REPOSITORY_NAME must be a repository name."
  }
}

variable "nifi_registry_branch" {
  type        = string
  description = "Branch of the flow definitions."
  validation {
    condition     = var.nifi_registry_branch != ""
    error_message = "NIFI_REGISTRY_BRANCH must not be empty."
  }
}

variable "nifi_registry_path" {
  type        = string
  description = "Directory of the flow definitions in the repository."
  validation {
    condition     = !startswith(var.nifi_registry_path, "/")
    error_message = "NIFI_REGISTRY_PATH must be relative to the repository root."
  }
}

variable "nifi_registry_token" {
  type        = string
  sensitive   = true
  description = "Access token of the flow repository."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = var.nifi_registry_token == "" || (length(var.nifi_registry_token) >= 16 && length(distinct(regexall(".", var.nifi_registry_token))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.nifi_registry_token)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.nifi_registry_token)))
    error_message = "NIFI_REGISTRY_TOKEN must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
  validation {
    condition     = var.nifi_registry_token != "" || var.nifi_registry_client != "gitlab"
    error_message = "NIFI_REGISTRY_TOKEN is required for GitLab."
  }
}

variable "nifi_cpu" {
  type        = number
  description = "CPU (MHz) of each NiFi node."
  validation {
    condition     = var.nifi_cpu >= 500
    error_message = "NIFI_CPU must be at least 500 (MHz)."
  }
}

variable "nifi_memory" {
  type        = number
  description = "Memory (MiB) of each NiFi node."
  validation {
    condition     = var.nifi_memory >= 1536
    error_message = "NIFI_MEMORY must be at least 1536 (MiB)."
  }
}

# --- Superset -------------------------------------------------------------------------------------

variable "superset_enabled" {
  type        = bool
  description = "Deploy Superset."
}

variable "superset_image" {
  type        = string
  description = "Superset image."
  validation {
    condition     = can(regex("^[^\\s]+:[^\\s]+$", var.superset_image))
    error_message = "SUPERSET_IMAGE must be an image reference with a tag."
  }
}

variable "superset_port" {
  type        = number
  description = "Superset web port."
  validation {
    condition     = var.superset_port >= 1 && var.superset_port <= 65535 && floor(var.superset_port) == var.superset_port
    error_message = "SUPERSET_PORT must be a port number."
  }
}

variable "superset_admin_user" {
  type        = string
  description = "Superset's first administrator."
  validation {
    condition     = can(regex("^[A-Za-z0-9._@-]+$", var.superset_admin_user))
    error_message = "SUPERSET_ADMIN_USER must be a plain user name."
  }
}

variable "superset_admin_password" {
  type        = string
  sensitive   = true
  description = "Password of superset_admin_user."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = !var.superset_enabled || (length(var.superset_admin_password) >= 16 && length(distinct(regexall(".", var.superset_admin_password))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.superset_admin_password)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.superset_admin_password)))
    error_message = "SUPERSET_ADMIN_PASSWORD must be a real secret, not a placeholder: at least 16 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "superset_secret_key" {
  type        = string
  sensitive   = true
  description = "Superset's session signing key."
  validation {
    # The rule every secret of the deployment follows (see docs/deploy.md); compose/check-secrets.sh applies the same one.
    condition     = !var.superset_enabled || (length(var.superset_secret_key) >= 32 && length(distinct(regexall(".", var.superset_secret_key))) >= 8 && can(regex("^[A-Za-z0-9._~+/=-]+$", var.superset_secret_key)) && !can(regex("(?i)change-?me|changeit|placeholder|example|password|secret|default", var.superset_secret_key)))
    error_message = "SUPERSET_SECRET_KEY must be a real secret, not a placeholder: at least 32 characters, 8 or more of them different, only letters, digits and . _ ~ + / = -. Generate one with: openssl rand -hex 32"
  }
}

variable "superset_clickhouse_driver" {
  type        = string
  description = "pip requirement of Superset's ClickHouse driver."
  validation {
    condition     = can(regex("^clickhouse-connect([=<>!~]=?[0-9A-Za-z.*]+)?$", var.superset_clickhouse_driver))
    error_message = "SUPERSET_CLICKHOUSE_DRIVER must be a pip requirement of clickhouse-connect such as clickhouse-connect==0.8.18."
  }
}

variable "superset_cpu" {
  type        = number
  description = "CPU (MHz) of Superset."
  validation {
    condition     = var.superset_cpu >= 100
    error_message = "SUPERSET_CPU must be at least 100 (MHz)."
  }
}

variable "superset_memory" {
  type        = number
  description = "Memory (MiB) of Superset."
  validation {
    condition     = var.superset_memory >= 512
    error_message = "SUPERSET_MEMORY must be at least 512 (MiB)."
  }
}
