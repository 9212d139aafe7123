// Settings each of which a variable validation in terraform/render/variables.tf must refuse, with a message naming
// it; applied on top of a filled-in example.env (src/scenarios.mjs). An entry is a value, or {value, with} where
// `with` holds the other settings the refusal depends on.
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
    // Closed by default: ClickHouse's users are never open to every address.
    CLICKHOUSE_NETWORKS: '0.0.0.0/0',
    KAFKA_USER: 'broker',
    // NARs: HTTPS only, and each with its checksum.
    NIFI_NAR_REPOSITORY: 'http://repo.example.org/maven2',
    NIFI_NAR_SHA256: { value: 'not-a-digest', with: { NIFI_NAR_REPOSITORY: 'https://repo.example.org/maven2' } },
};

// Pairs of secrets that must differ: the first setting is given the second's value.
export const SAME_SECRETS = [
    ['CLICKHOUSE_READONLY_PASSWORD', 'CLICKHOUSE_PASSWORD'],
    ['KAFKA_BROKER_PASSWORD', 'KAFKA_PASSWORD'],
    ['KAFKA_BROKER_PASSWORD', 'KAFKA_CONTROLLER_PASSWORD'],
    ['MINIO_ROOT_USER', 'S3_ACCESS_KEY'],
];
