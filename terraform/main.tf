# Secrets first (as Nomad variables the jobs read on the node), then the jobs in dependency order:
# MinIO before ClickHouse (its S3 disk), everything before NiFi, ClickHouse before Superset. Each job is
# applied with detach = false: Terraform waits until its deployment is healthy before starting the next.

resource "nomad_variable" "secrets" {
  # Keyed by job, filtered without looking at the (sensitive) secrets themselves: for_each keys must not be sensitive.
  for_each = { for name, deploy in local.deploy : name => local.job_names[name] if deploy && name != "kafka" }

  path      = local.secrets_paths[each.key]
  namespace = var.nomad_namespace
  items     = local.secrets[each.key]
}

resource "nomad_job" "minio" {
  count      = local.deploy.minio ? 1 : 0
  jobspec    = local.jobspecs.minio
  detach     = false
  depends_on = [nomad_variable.secrets]
}

resource "nomad_job" "clickhouse" {
  count      = local.deploy.clickhouse ? 1 : 0
  jobspec    = local.jobspecs.clickhouse
  detach     = false
  depends_on = [nomad_variable.secrets, nomad_job.minio]
}

resource "nomad_job" "kafka" {
  count      = local.deploy.kafka ? 1 : 0
  jobspec    = local.jobspecs.kafka
  detach     = false
  depends_on = [nomad_variable.secrets]
}

resource "nomad_job" "nifi" {
  jobspec    = local.jobspecs.nifi
  detach     = false
  depends_on = [nomad_variable.secrets, nomad_job.minio, nomad_job.clickhouse, nomad_job.kafka]
}

resource "nomad_job" "superset" {
  count      = local.deploy.superset ? 1 : 0
  jobspec    = local.jobspecs.superset
  detach     = false
  depends_on = [nomad_variable.secrets, nomad_job.clickhouse]
}
