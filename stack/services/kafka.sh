# shellcheck shell=bash
# Kafka: KRaft nodes (combined broker + controller) from the published kafka_2.13 jars, each in its own JVM. The single-node
# stack runs one; the local cluster (stack/cluster.sh) runs three through the same functions.

kafka_external() { [ "$KAFKA_BOOTSTRAP_SERVERS" != "127.0.0.1:$KAFKA_PORT" ]; }

# A node is healthy once its port answers and it logged its start since it was launched (the log is emptied then).
kafka_node_healthy() { port_open "$1" && grep -q 'Kafka Server started' "$2/server.log" 2>/dev/null; }
kafka_healthy() { kafka_node_healthy "$KAFKA_PORT" "$SPOTLIGHT_LOGS/kafka"; }

kafka_start() {
    if kafka_external; then log "kafka: using external $KAFKA_BOOTSTRAP_SERVERS"; return 0; fi
    if service_pid kafka >/dev/null; then log "kafka: already running"; return 0; fi
    kafka_launch_node kafka "$SPOTLIGHT_HOME/kafka" "$SPOTLIGHT_LOGS/kafka" 1 "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" \
        "1@127.0.0.1:$KAFKA_CONTROLLER_PORT" 1 ""
    wait_until kafka 90 "$SPOTLIGHT_LOGS/kafka/server.log" kafka_healthy
}

# Renders a node's server.properties, formats its KRaft storage on first use and starts it detached (not waiting: the
# nodes of a cluster only finish starting once a quorum of controllers is up).
# Arguments: service name, home, log directory, node id, broker port, controller port, quorum voters, replication
# factor (min.insync.replicas is one less, at least 1), and the cluster id (empty: a new one).
kafka_launch_node() {
    local name=$1 home=$2 logs=$3 KAFKA_NODE_ID=$4 KAFKA_PORT=$5 KAFKA_CONTROLLER_PORT=$6 KAFKA_QUORUM_VOTERS=$7
    local KAFKA_REPLICATION_FACTOR=$8 cluster_id=$9
    local KAFKA_MIN_ISR=$(( KAFKA_REPLICATION_FACTOR > 1 ? KAFKA_REPLICATION_FACTOR - 1 : 1 ))
    local KAFKA_PARTITIONS=${KAFKA_PARTITIONS:-3} KAFKA_DATA_DIR=$home/data
    port_open "$KAFKA_PORT" && die "$name: port $KAFKA_PORT is taken by a process this stack did not start"
    ensure_dist
    find_java
    mkdir -p "$home" "$logs" "$KAFKA_DATA_DIR"
    render "$SPOTLIGHT_ROOT/stack/conf/kafka-server.properties" "$home/server.properties"
    local cp="$SPOTLIGHT_DIST/kafka-$(kafka_version)/libs/*"
    local jvm=(-Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Dkafka.logs.dir="$logs"
               -Dlog4j2.configurationFile="$SPOTLIGHT_ROOT/stack/conf/kafka-log4j2.properties")
    if [ ! -f "$KAFKA_DATA_DIR/meta.properties" ]; then
        [ -n "$cluster_id" ] || cluster_id=$("$JAVA_HOME/bin/java" -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$logs/stdout.log")
        "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" \
            -c "$home/server.properties" >> "$logs/stdout.log" 2>&1 \
            || die "$name: formatting the KRaft storage failed; see $logs/stdout.log"
    fi
    : > "$logs/server.log"
    log "$name: starting on 127.0.0.1:$KAFKA_PORT"
    start_detached "$name" "$logs/stdout.log" "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" kafka.Kafka "$home/server.properties"
}

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$SPOTLIGHT_ROOT/pom.xml"; }
kafka_stop() { kafka_external || stop_service kafka; }
kafka_status() { service_status_line kafka "$KAFKA_BOOTSTRAP_SERVERS"; }
