# Derived settings and the rendered Nomad job specifications. Everything a template needs is passed to
# templatefile() explicitly, and secrets never are: they go to Nomad variables (../main.tf), which the jobs read
# on the node. The output "jobspecs" is not sensitive, so Terraform itself refuses to render a job specification
# that a secret reached. deploy-checks/ applies this module with real Terraform in every test run.

locals {
  datacenters = [for dc in split(",", var.nomad_datacenters) : trimspace(dc)]

  job_names = {
    minio      = "${var.spotlight_job_prefix}-minio"
    clickhouse = "${var.spotlight_job_prefix}-clickhouse"
    kafka      = "${var.spotlight_job_prefix}-kafka"
    nifi       = "${var.spotlight_job_prefix}-nifi"
    superset   = "${var.spotlight_job_prefix}-superset"
  }

  # Nomad variables under nomad/jobs/<job> are readable by that job's tasks only.
  secrets_paths = { for name, job in local.job_names : name => "nomad/jobs/${job}" }

  # A service given as an external endpoint in .env is used as is; otherwise the deployment runs its own.
  deploy = {
    minio      = var.s3_endpoint == ""
    clickhouse = var.clickhouse_url == ""
    kafka      = var.kafka_bootstrap_servers == ""
    nifi       = true
    superset   = var.superset_enabled
  }

  s3_endpoint             = var.s3_endpoint == "" ? "http://minio.${var.service_domain}:${var.s3_port}" : trimsuffix(var.s3_endpoint, "/")
  clickhouse_url          = var.clickhouse_url == "" ? "http://clickhouse.${var.service_domain}:${var.clickhouse_http_port}" : var.clickhouse_url
  kafka_bootstrap_servers = var.kafka_bootstrap_servers == "" ? join(",", [for node in range(1, var.kafka_brokers + 1) : "kafka-${node}.${var.service_domain}:${var.kafka_port}"]) : var.kafka_bootstrap_servers

  # MinIO's endpoint list in its expansion notation: one drive (/data1), drives of one server (/data{1...4}), or
  # drives of every server (http://minio-{1...4}.service.consul:9000/data{1...4}).
  minio_drives    = var.minio_drives_per_server == 1 ? "/data1" : "/data{1...${var.minio_drives_per_server}}"
  minio_endpoints = var.minio_servers == 1 ? local.minio_drives : "http://minio-{1...${var.minio_servers}}.${var.service_domain}:${var.s3_port}${local.minio_drives}"

  clickhouse_clustered = var.clickhouse_shards * var.clickhouse_replicas > 1
  # Where ClickHouse's users may connect from, besides loopback (never everywhere: see the validation). Written as
  # address/dotted mask (10.0.1.0/255.255.255.0), which every ClickHouse reads alike: 18.16 applies a prefix length on
  # an IPv4 address to its IPv6 form, so that 10.0.1.0/24 admitted every IPv4 client there (deploy-checks showed it).
  clickhouse_networks = [for network in split(",", var.clickhouse_networks) : "${cidrhost(trimspace(network), 0)}/${cidrnetmask(trimspace(network))}" if trimspace(network) != ""]

  kafka_controller_quorum_voters = join(",", [for node in range(1, var.kafka_brokers + 1) : "${node}@kafka-${node}.${var.service_domain}:${var.kafka_controller_port}"])
  kafka_replication_factor       = min(3, var.kafka_brokers)
  kafka_min_insync_replicas      = max(1, local.kafka_replication_factor - 1)

  nifi_clustered   = var.nifi_nodes > 1
  nifi_proxy_hosts = join(",", compact(concat(["nifi.${var.service_domain}:${var.nifi_https_port}"], split(",", var.nifi_proxy_hosts))))

  clickhouse_xml_vars = {
    server = {
      http_port        = var.clickhouse_http_port
      tcp_port         = var.clickhouse_tcp_port
      interserver_port = var.clickhouse_interserver_port
      service_domain   = var.service_domain
      secrets_path     = local.secrets_paths.clickhouse
      cluster          = var.clickhouse_cluster
      clustered        = local.clickhouse_clustered
      shards           = var.clickhouse_shards
      replicas         = var.clickhouse_replicas
      keeper_nodes     = var.clickhouse_keeper_nodes
      keeper_port      = var.clickhouse_keeper_port
    }
    storage = {
      s3_endpoint  = local.s3_endpoint
      s3_region    = var.s3_region
      bucket       = var.s3_bucket_clickhouse
      secrets_path = local.secrets_paths.clickhouse
      cache_size   = var.clickhouse_s3_cache_size
    }
    users = {
      user          = var.clickhouse_user
      readonly_user = var.clickhouse_readonly_user
      networks      = local.clickhouse_networks
      secrets_path  = local.secrets_paths.clickhouse
    }
    keeper = {
      keeper_nodes     = var.clickhouse_keeper_nodes
      keeper_port      = var.clickhouse_keeper_port
      keeper_raft_port = var.clickhouse_keeper_raft_port
      service_domain   = var.service_domain
    }
  }
  # nomad/clickhouse/<name>.xml.tftpl, embedded in the ClickHouse job below.
  clickhouse_xml = { for name, vars in local.clickhouse_xml_vars : name => templatefile("${path.module}/../../nomad/clickhouse/${name}.xml.tftpl", vars) }

  job_vars = {
    minio = {
      job_name              = local.job_names.minio
      region                = var.nomad_region
      namespace             = var.nomad_namespace
      datacenters           = local.datacenters
      secrets_path          = local.secrets_paths.minio
      service_domain        = var.service_domain
      image                 = var.minio_image
      mc_image              = var.minio_mc_image
      servers               = var.minio_servers
      drives_per_server     = var.minio_drives_per_server
      endpoints             = local.minio_endpoints
      api_port              = var.s3_port
      console_port          = var.minio_console_port
      s3_region             = var.s3_region
      bucket_raw            = var.s3_bucket_raw
      bucket_clickhouse     = var.s3_bucket_clickhouse
      bucket_failures       = var.s3_bucket_failures
      create_buckets_script = file("${path.module}/../../nomad/minio/create-buckets.sh")
      cpu                   = var.minio_cpu
      memory                = var.minio_memory
    }

    clickhouse = {
      job_name         = local.job_names.clickhouse
      region           = var.nomad_region
      namespace        = var.nomad_namespace
      datacenters      = local.datacenters
      secrets_path     = local.secrets_paths.clickhouse
      image            = var.clickhouse_image
      cluster          = var.clickhouse_cluster
      clustered        = local.clickhouse_clustered
      shards           = var.clickhouse_shards
      replicas         = var.clickhouse_replicas
      keeper_nodes     = var.clickhouse_keeper_nodes
      keeper_port      = var.clickhouse_keeper_port
      keeper_raft_port = var.clickhouse_keeper_raft_port
      http_port        = var.clickhouse_http_port
      tcp_port         = var.clickhouse_tcp_port
      interserver_port = var.clickhouse_interserver_port
      user             = var.clickhouse_user
      database         = var.clickhouse_database
      server_xml       = local.clickhouse_xml.server
      storage_xml      = local.clickhouse_xml.storage
      users_xml        = local.clickhouse_xml.users
      keeper_xml       = local.clickhouse_xml.keeper
      congress_sql     = file("${path.module}/../../clickhouse/congress.sql")
      cpu              = var.clickhouse_cpu
      memory           = var.clickhouse_memory
    }

    kafka = {
      job_name                 = local.job_names.kafka
      region                   = var.nomad_region
      namespace                = var.nomad_namespace
      datacenters              = local.datacenters
      secrets_path             = local.secrets_paths.kafka
      user                     = var.kafka_user
      start_script             = file("${path.module}/../../nomad/kafka/start-kafka.sh")
      service_domain           = var.service_domain
      image                    = var.kafka_image
      brokers                  = var.kafka_brokers
      cluster_id               = var.kafka_cluster_id
      broker_port              = var.kafka_port
      controller_port          = var.kafka_controller_port
      controller_quorum_voters = local.kafka_controller_quorum_voters
      replication_factor       = local.kafka_replication_factor
      min_insync_replicas      = local.kafka_min_insync_replicas
      heap                     = var.kafka_heap
      cpu                      = var.kafka_cpu
      memory                   = var.kafka_memory
    }

    nifi = {
      job_name                  = local.job_names.nifi
      region                    = var.nomad_region
      namespace                 = var.nomad_namespace
      datacenters               = local.datacenters
      secrets_path              = local.secrets_paths.nifi
      service_domain            = var.service_domain
      image                     = var.nifi_image
      nodes                     = var.nifi_nodes
      clustered                 = local.nifi_clustered
      https_port                = var.nifi_https_port
      proxy_hosts               = local.nifi_proxy_hosts
      cluster_protocol_port     = var.nifi_cluster_protocol_port
      load_balance_port         = var.nifi_load_balance_port
      zookeeper_connect         = var.nifi_zookeeper_connect
      tls_from_vault            = var.nifi_tls_vault_pki != ""
      tls_vault_pki             = var.nifi_tls_vault_pki
      admin_identity            = var.nifi_admin_identity
      heap                      = var.nifi_heap
      username                  = var.nifi_username
      nar_repository            = var.nifi_nar_repository
      nar_sha256                = var.nifi_nar_sha256
      services_api_nar_sha256   = var.nifi_services_api_nar_sha256
      spotlight_version         = var.spotlight_version
      registry_client           = var.nifi_registry_client
      registry_api_url          = var.nifi_registry_api_url
      registry_repository_owner = var.nifi_registry_repository_owner
      registry_repository_name  = var.nifi_registry_repository_name
      registry_branch           = var.nifi_registry_branch
      registry_path             = var.nifi_registry_path
      registry_script           = file("${path.module}/../../nomad/nifi/configure-registry-client.py")
      clickhouse_url            = local.clickhouse_url
      clickhouse_database       = var.clickhouse_database
      kafka_bootstrap_servers   = local.kafka_bootstrap_servers
      kafka_deployed            = local.deploy.kafka
      kafka_user                = var.kafka_user
      s3_endpoint               = local.s3_endpoint
      s3_region                 = var.s3_region
      bucket_raw                = var.s3_bucket_raw
      bucket_failures           = var.s3_bucket_failures
      cpu                       = var.nifi_cpu
      memory                    = var.nifi_memory
    }

    superset = {
      job_name            = local.job_names.superset
      region              = var.nomad_region
      namespace           = var.nomad_namespace
      datacenters         = local.datacenters
      secrets_path        = local.secrets_paths.superset
      image               = var.superset_image
      port                = var.superset_port
      admin_user          = var.superset_admin_user
      clickhouse_driver   = var.superset_clickhouse_driver
      clickhouse_url      = local.clickhouse_url
      clickhouse_database = var.clickhouse_database
      readonly_user       = var.clickhouse_readonly_user
      start_script        = file("${path.module}/../../nomad/superset/start-superset.sh")
      cpu                 = var.superset_cpu
      memory              = var.superset_memory
    }
  }
  # nomad/<name>.nomad.hcl.tftpl: the job specifications Terraform submits.
  jobspecs = { for name, vars in local.job_vars : name => templatefile("${path.module}/../../nomad/${name}.nomad.hcl.tftpl", vars) }

  # Items of each job's Nomad variable: the only place secrets go. Empty optional secrets are left out.
  secrets = {
    minio = {
      minio_root_user     = var.minio_root_user
      minio_root_password = var.minio_root_password
      s3_access_key       = var.s3_access_key
      s3_secret_key       = var.s3_secret_key
    }
    clickhouse = {
      clickhouse_password          = var.clickhouse_password
      clickhouse_readonly_password = var.clickhouse_readonly_password
      s3_access_key                = var.s3_access_key
      s3_secret_key                = var.s3_secret_key
      # Shared by the servers for interserver replication and distributed queries; derived, so rotating
      # CLICKHOUSE_PASSWORD rotates it too.
      interserver_secret = sha256("spotlight-interserver:${var.clickhouse_password}")
    }
    # SCRAM-SHA-512 for KAFKA_USER and the brokers, SASL/PLAIN on the controller listener (nomad/kafka/start-kafka.sh).
    kafka = {
      kafka_password            = var.kafka_password
      kafka_broker_password     = var.kafka_broker_password
      kafka_controller_password = var.kafka_controller_password
    }
    nifi = merge({
      nifi_sensitive_props_key = var.nifi_sensitive_props_key
      nifi_password            = var.nifi_password
    }, var.nifi_registry_token == "" ? {} : { nifi_registry_token = var.nifi_registry_token })
    superset = {
      superset_secret_key          = var.superset_secret_key
      superset_admin_password      = var.superset_admin_password
      clickhouse_readonly_password = var.clickhouse_readonly_password
    }
  }
}
