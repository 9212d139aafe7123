# shellcheck shell=bash
# The local cluster (./spotlight cluster up|down|status): three Kafka KRaft nodes, two ClickHouse 18.16 replicas of one
# shard with a Distributed table over them, and two NiFi 2.3.0 nodes clustered over the stack's ZooKeeper with TLS, all
# on 127.0.0.1, started by the single-node stack's installers and templates (stack/services/*.sh). It needs no other
# service of the single-node stack than ZooKeeper, which it starts; S3 is started for the flows' failure store.

CLUSTER_KAFKA_NODES=3
CLUSTER_CLICKHOUSE_REPLICAS=2
CLUSTER_NIFI_NODES=2
# {shard} macro of the cluster's replicas: their tables' ZooKeeper paths (/clickhouse/tables/{shard}/...) stay apart from
# those of the single-node stack's server, which shares the ZooKeeper.
CLUSTER_CLICKHOUSE_SHARD=cluster01

# Ports: SPOTLIGHT_CLUSTER_PORT_BASE + offset; member numbers start at 1.
cluster_port() {
    local kind=$1 member=$2 offset
    case $kind in
        kafka)                  offset=$((member - 1)) ;;
        kafka-controller)       offset=$((member + 2)) ;;
        clickhouse-http)        offset=$((member + 9)) ;;
        clickhouse-tcp)         offset=$((member + 11)) ;;
        clickhouse-interserver) offset=$((member + 13)) ;;
        nifi-https)             offset=$((member + 19)) ;;
        nifi-protocol)          offset=$((member + 21)) ;;
        nifi-load-balance)      offset=$((member + 23)) ;;
        nifi-management)        offset=$((member + 25)) ;;
        *) die "cluster_port: unknown kind $kind" ;;
    esac
    echo $((SPOTLIGHT_CLUSTER_PORT_BASE + offset))
}

cluster_home() { echo "$SPOTLIGHT_HOME/cluster/$1"; }
cluster_logs() { echo "$SPOTLIGHT_LOGS/cluster/$1"; }

# The endpoints the cluster's clients use, exported for the drill and the cluster tests.
cluster_export_endpoints() {
    local member servers=() urls=()
    for member in $(seq 1 "$CLUSTER_KAFKA_NODES"); do servers+=("127.0.0.1:$(cluster_port kafka "$member")"); done
    for member in $(seq 1 "$CLUSTER_CLICKHOUSE_REPLICAS"); do urls+=("http://127.0.0.1:$(cluster_port clickhouse-http "$member")"); done
    CLUSTER_KAFKA_BOOTSTRAP_SERVERS=$(IFS=,; echo "${servers[*]}")
    CLUSTER_CLICKHOUSE_URLS=$(IFS=,; echo "${urls[*]}")
    urls=()
    for member in $(seq 1 "$CLUSTER_NIFI_NODES"); do urls+=("https://localhost:$(cluster_port nifi-https "$member")"); done
    CLUSTER_NIFI_URLS=$(IFS=,; echo "${urls[*]}")
    export CLUSTER_KAFKA_BOOTSTRAP_SERVERS CLUSTER_CLICKHOUSE_URLS CLUSTER_NIFI_URLS
}

# --- Kafka ------------------------------------------------------------------------------------------------------------

cluster_kafka_up() {
    local member voters=() cluster_id_file name
    for member in $(seq 1 "$CLUSTER_KAFKA_NODES"); do voters+=("$member@127.0.0.1:$(cluster_port kafka-controller "$member")"); done
    # Every node is formatted with the same cluster id, made once.
    cluster_id_file=$SPOTLIGHT_HOME/cluster/kafka-cluster-id
    if [ ! -s "$cluster_id_file" ]; then
        ensure_dist; find_java
        mkdir -p "$SPOTLIGHT_HOME/cluster"
        "$JAVA_HOME/bin/java" -cp "$SPOTLIGHT_DIST/kafka-$(kafka_version)/libs/*" kafka.tools.StorageTool random-uuid > "$cluster_id_file" \
            || die "cluster: could not make a Kafka cluster id"
    fi
    for member in $(seq 1 "$CLUSTER_KAFKA_NODES"); do
        name=cluster-kafka-$member
        service_pid "$name" >/dev/null && continue
        KAFKA_HEAP=$CLUSTER_KAFKA_HEAP KAFKA_PARTITIONS=$CLUSTER_KAFKA_PARTITIONS kafka_launch_node "$name" "$(cluster_home "kafka-$member")" \
            "$(cluster_logs "kafka-$member")" "$member" "$(cluster_port kafka "$member")" "$(cluster_port kafka-controller "$member")" \
            "$(IFS=,; echo "${voters[*]}")" "$CLUSTER_KAFKA_NODES" "$(<"$cluster_id_file")"
    done
    for member in $(seq 1 "$CLUSTER_KAFKA_NODES"); do
        cluster_kafka_wait "$member"
    done
}

cluster_kafka_wait() {
    wait_until "cluster-kafka-$1" 120 "$(cluster_logs "kafka-$1")/server.log" kafka_node_healthy "$(cluster_port kafka "$1")" "$(cluster_logs "kafka-$1")"
}

# --- ClickHouse -------------------------------------------------------------------------------------------------------

cluster_clickhouse_up() {
    local member ports=() name
    zookeeper_start
    for member in $(seq 1 "$CLUSTER_CLICKHOUSE_REPLICAS"); do ports+=("$(cluster_port clickhouse-tcp "$member")"); done
    for member in $(seq 1 "$CLUSTER_CLICKHOUSE_REPLICAS"); do
        name=cluster-clickhouse-$member
        service_pid "$name" >/dev/null && continue
        clickhouse_launch_server "$name" "$(cluster_home "clickhouse-$member")" "$(cluster_logs "clickhouse-$member")" \
            "$(cluster_port clickhouse-http "$member")" "$(cluster_port clickhouse-tcp "$member")" \
            "$(cluster_port clickhouse-interserver "$member")" "$CLUSTER_CLICKHOUSE_SHARD" "replica-$member" "${ports[*]}"
    done
    for member in $(seq 1 "$CLUSTER_CLICKHOUSE_REPLICAS"); do
        cluster_clickhouse_wait "$member"
        clickhouse_sql_at "http://127.0.0.1:$(cluster_port clickhouse-http "$member")" "CREATE DATABASE IF NOT EXISTS \`$CLICKHOUSE_DATABASE\`" >/dev/null
    done
}

cluster_clickhouse_healthy() { [ "$(curl -s --max-time 2 "http://127.0.0.1:$(cluster_port clickhouse-http "$1")/ping" 2>/dev/null)" = "Ok." ]; }

cluster_clickhouse_wait() {
    wait_until "cluster-clickhouse-$1" 60 "$(cluster_logs "clickhouse-$1")/clickhouse-server.err.log" cluster_clickhouse_healthy "$1"
}

# --- the whole cluster ------------------------------------------------------------------------------------------------

cluster_members() {
    local member
    for member in $(seq 1 "$CLUSTER_KAFKA_NODES"); do echo "kafka $member"; done
    for member in $(seq 1 "$CLUSTER_CLICKHOUSE_REPLICAS"); do echo "clickhouse $member"; done
}

cluster_up() {
    local started=$SECONDS
    cluster_kafka_up
    log "cluster: Kafka up ($((SECONDS - started))s)"
    cluster_clickhouse_up
    log "cluster: ClickHouse up ($((SECONDS - started))s)"
    log "cluster ready in $((SECONDS - started))s"
    cluster_status
}

# Starts one member again (after the drill killed it): cluster_start_member kafka|clickhouse|nifi N.
cluster_start_member() {
    case $1 in
        kafka) cluster_kafka_up ;;
        clickhouse) cluster_clickhouse_up ;;
        *) die "cluster: unknown member kind $1" ;;
    esac
}

cluster_down() {
    local kind member
    while read -r kind member; do stop_service "cluster-$kind-$member"; done < <(cluster_members | tac)
}

cluster_status() {
    local kind member url total=0 pid
    while read -r kind member; do
        case $kind in
            kafka) url=127.0.0.1:$(cluster_port kafka "$member") ;;
            clickhouse) url=http://127.0.0.1:$(cluster_port clickhouse-http "$member") ;;
            nifi) url=https://localhost:$(cluster_port nifi-https "$member")/nifi ;;
        esac
        service_status_line "cluster-$kind-$member" "$url"
        if pid=$(service_pid "cluster-$kind-$member"); then total=$((total + $(ps -o rss= -p "$pid"))); fi
    done < <(cluster_members)
    printf 'cluster total rss=%d MB (ZooKeeper and S3 of the single-node stack not included)\n' $((total / 1024))
}

cluster_command() {
    local action=${1:-}
    cluster_export_endpoints
    case $action in
        up) cluster_up ;;
        down) cluster_down ;;
        status) cluster_status ;;
        *) die "usage: ./spotlight cluster up|down|status" ;;
    esac
}
