#!/bin/sh
# Creates Spotlight's buckets as soon as MinIO answers; buckets that exist are kept, so it is safe to run again.
# Used by the MinIO Nomad job (a poststart task) and by compose.yaml. Needs the MinIO client (mc) and
# S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET_RAW, S3_BUCKET_CLICKHOUSE, S3_BUCKET_FAILURES.
# (No brace expansions: the Nomad job embeds this file in a template, where they would be interpolated.)
set -eu

attempt=0
until mc alias set spotlight "$S3_ENDPOINT" "$S3_ACCESS_KEY" "$S3_SECRET_KEY" >/dev/null 2>&1 \
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
