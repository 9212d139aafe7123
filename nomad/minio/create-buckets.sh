#!/bin/sh
# Creates Spotlight's buckets as soon as MinIO answers, then Spotlight's own MinIO user S3_ACCESS_KEY with the policy
# spotlight-app: list, read, write and delete objects in those three buckets, nothing else (no other bucket, no
# administration). The root credentials are used here and by the administrator only. Buckets that exist are kept, the
# policy and the user's secret are set again: safe to run on every start, and rotating S3_SECRET_KEY takes effect.
# Used by the MinIO Nomad job (a poststart task) and by compose.yaml. Needs the MinIO client (mc) and S3_ENDPOINT,
# S3_REGION, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET_RAW, S3_BUCKET_CLICKHOUSE,
# S3_BUCKET_FAILURES (and HOME). Passwords and secret keys reach mc on its standard input, never on its command line.
# (No brace expansions: the Nomad job embeds this file in a template, where they would be interpolated.)
set -eu
umask 077

# mc keeps the alias, root credentials included, in its configuration directory: a private one, removed at the end.
MC_CONFIG_DIR="$HOME/.spotlight-mc"
export MC_CONFIG_DIR
rm -rf "$MC_CONFIG_DIR"
mkdir -p "$MC_CONFIG_DIR"
trap 'rm -rf "$MC_CONFIG_DIR"' EXIT

attempt=0
until printf '%s\n%s\n' "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" | mc alias set spotlight "$S3_ENDPOINT" >/dev/null 2>&1 \
        && mc ready spotlight >/dev/null 2>&1; do
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 120 ]; then
        echo "MinIO at $S3_ENDPOINT did not become ready within 10 minutes" >&2
        exit 1
    fi
    sleep 5
done

for bucket in "$S3_BUCKET_RAW" "$S3_BUCKET_CLICKHOUSE" "$S3_BUCKET_FAILURES"; do
    mc mb --ignore-existing --region "$S3_REGION" "spotlight/$bucket"
done
echo "buckets ready: $S3_BUCKET_RAW $S3_BUCKET_CLICKHOUSE $S3_BUCKET_FAILURES"

# What NiFi (raw documents, failure payloads) and ClickHouse's S3 disk (its table data) need, on these buckets only.
policy="$MC_CONFIG_DIR/spotlight-app.json"
cat > "$policy" <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET_RAW", "arn:aws:s3:::$S3_BUCKET_CLICKHOUSE", "arn:aws:s3:::$S3_BUCKET_FAILURES"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET_RAW/*", "arn:aws:s3:::$S3_BUCKET_CLICKHOUSE/*", "arn:aws:s3:::$S3_BUCKET_FAILURES/*"]
    }
  ]
}
EOF
mc admin policy create spotlight spotlight-app "$policy"
# Without keys among its arguments, mc reads them from standard input.
printf '%s\n%s\n' "$S3_ACCESS_KEY" "$S3_SECRET_KEY" | mc admin user add spotlight
# The access key names the user here, as a user name would; an already attached policy is no error for mc.
mc admin policy attach spotlight spotlight-app --user "$S3_ACCESS_KEY"
echo "Spotlight's user (S3_ACCESS_KEY) ready with policy spotlight-app on $S3_BUCKET_RAW $S3_BUCKET_CLICKHOUSE $S3_BUCKET_FAILURES"
