# shellcheck shell=bash
# Kafka: a KRaft broker+controller from the published kafka_2.13 jars, in its own JVM.

kafka_external() { [ "$KAFKA_BOOTSTRAP_SERVERS" != "127.0.0.1:$KAFKA_PORT" ]; }

kafka_healthy() {
    port_open "$KAFKA_PORT" && grep -q 'Kafka Server started' "$SPOTLIGHT_LOGS/kafka/server.log" 2>/dev/null
}

kafka_start() {
    if kafka_external; then log "kafka: using external $KAFKA_BOOTSTRAP_SERVERS"; return 0; fi
    if service_pid kafka >/dev/null; then log "kafka: already running"; return 0; fi
    port_open "$KAFKA_PORT" && die "kafka: port $KAFKA_PORT is taken by a process this stack did not start"
    ensure_dist
    find_java
    local home=$SPOTLIGHT_HOME/kafka logs=$SPOTLIGHT_LOGS/kafka
    export KAFKA_DATA_DIR=$home/data
    mkdir -p "$home" "$logs" "$KAFKA_DATA_DIR"
    render "$SPOTLIGHT_ROOT/stack/conf/kafka-server.properties" "$home/server.properties"
    local cp="$SPOTLIGHT_DIST/kafka-$(kafka_version)/libs/*"
    local jvm=(-Xms"$KAFKA_HEAP" -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Dkafka.logs.dir="$logs"
               -Dlog4j2.configurationFile="$SPOTLIGHT_ROOT/stack/conf/kafka-log4j2.properties")
    if [ ! -f "$KAFKA_DATA_DIR/meta.properties" ]; then
        local cluster_id
        cluster_id=$("$JAVA_HOME/bin/java" -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$logs/stdout.log")
        "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" \
            -c "$home/server.properties" >> "$logs/stdout.log" 2>&1 \
            || die "kafka: formatting the KRaft storage failed; see $logs/stdout.log"
    fi
    : > "$logs/server.log"
    log "kafka: starting on $KAFKA_BOOTSTRAP_SERVERS"
    start_detached kafka "$logs/stdout.log" "$JAVA_HOME/bin/java" "${jvm[@]}" -cp "$cp" kafka.Kafka "$home/server.properties"
    wait_until kafka 90 "$logs/server.log" kafka_healthy
}

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$SPOTLIGHT_ROOT/pom.xml"; }
kafka_stop() { kafka_external || stop_service kafka; }
kafka_status() { service_status_line kafka "$KAFKA_BOOTSTRAP_SERVERS"; }
