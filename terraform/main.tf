# Submits what ./render rendered: the secrets first (as Nomad variables the jobs read on the node), then the jobs in
# dependency order: MinIO before ClickHouse (its S3 disk), everything before NiFi, ClickHouse before Superset. Each
# job is applied with detach = false: Terraform waits until its deployment is healthy before starting the next.

resource "nomad_variable" "secrets" {
  # Keyed by job; the keys and paths are not sensitive (for_each keys must not be), the items are.
  for_each = module.render.nomad_variables

  path      = each.value
  namespace = var.nomad_namespace
  items     = module.render.secrets[each.key]
}

resource "nomad_job" "minio" {
  count      = module.render.deploy.minio ? 1 : 0
  jobspec    = module.render.jobspecs.minio
  detach     = false
  depends_on = [nomad_variable.secrets]
}

resource "nomad_job" "clickhouse" {
  count      = module.render.deploy.clickhouse ? 1 : 0
  jobspec    = module.render.jobspecs.clickhouse
  detach     = false
  depends_on = [nomad_variable.secrets, nomad_job.minio]
}

resource "nomad_job" "kafka" {
  count      = module.render.deploy.kafka ? 1 : 0
  jobspec    = module.render.jobspecs.kafka
  detach     = false
  depends_on = [nomad_variable.secrets]
}

resource "nomad_job" "nifi" {
  jobspec    = module.render.jobspecs.nifi
  detach     = false
  depends_on = [nomad_variable.secrets, nomad_job.minio, nomad_job.clickhouse, nomad_job.kafka]
}

resource "nomad_job" "superset" {
  count      = module.render.deploy.superset ? 1 : 0
  jobspec    = module.render.jobspecs.superset
  detach     = false
  depends_on = [nomad_variable.secrets, nomad_job.clickhouse]
}
