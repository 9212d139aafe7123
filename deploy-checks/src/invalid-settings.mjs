// Settings each of which a variable validation in terraform/variables.tf must reject, with a message naming it.
export const INVALID_SETTINGS = {
    KAFKA_BROKERS: '0',
    CLICKHOUSE_SHARDS: '1.5',
    CLICKHOUSE_KEEPER_NODES: '2',
    CLICKHOUSE_USER: 'default',
    CLICKHOUSE_READONLY_USER: 'spotlight',
    CLICKHOUSE_PASSWORD: 'short',
    KAFKA_CLUSTER_ID: 'not-a-cluster-id',
    S3_BUCKET_CLICKHOUSE: 'spotlight-raw',
    S3_ENDPOINT: 'minio:9000',
    NIFI_NODES: '3',
    NIFI_PASSWORD: 'too-short',
    NIFI_REGISTRY_CLIENT: 'bitbucket',
    NIFI_IMAGE: 'apache/nifi:1.28.1',
    CLICKHOUSE_S3_CACHE_SIZE: '10GB',
    SPOTLIGHT_JOB_PREFIX: 'Spotlight',
};
