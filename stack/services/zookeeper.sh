# shellcheck shell=bash
# ZooKeeper: Debian's zookeeper package run as an ordinary process, for the local ClickHouse's replicated tables
# (ReplicatedMergeTree block deduplication is how retried inserts stay exactly-once on ClickHouse 18.16).

# The port follows the ClickHouse port unless set, so that stacks of several work trees do not collide.
zookeeper_port() { echo "${CLICKHOUSE_ZOOKEEPER_PORT:-$((CLICKHOUSE_HTTP_PORT + 58))}"; }

# Serving, not just running: `ruok` answers imok while ZooKeeper still loads its data and refuses sessions, and a
# ClickHouse 18.16 with replicated tables started then fails its handshake and exits. `srvr` names the Mode only when
# the server serves requests.
zookeeper_healthy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$(zookeeper_port)" && printf srvr >&3 && timeout 2 cat <&3) 2>/dev/null | grep -q '^Mode: '
}

zookeeper_install() {
    [ -f /usr/share/java/zookeeper.jar ] && return 0
    log "installing zookeeper from Debian (apt-get)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends zookeeper >/dev/null \
        || die "apt-get could not install zookeeper (Debian bookworm package)"
}

zookeeper_start() {
    # Only the local ClickHouse uses it; an external ClickHouse has its own coordination.
    if clickhouse_external; then return 0; fi
    if service_pid zookeeper >/dev/null; then log "zookeeper: already running"; return 0; fi
    local port
    port=$(zookeeper_port)
    port_open "$port" && die "zookeeper: port $port is taken by a process this stack did not start"
    zookeeper_install
    find_java
    local home=$SPOTLIGHT_HOME/zookeeper logs=$SPOTLIGHT_LOGS/zookeeper
    export ZOOKEEPER_DATA_DIR=$home/data ZOOKEEPER_CLIENT_PORT=$port
    mkdir -p "$ZOOKEEPER_DATA_DIR" "$logs"
    render "$SPOTLIGHT_ROOT/stack/conf/zookeeper.cfg" "$home/zoo.cfg"
    log "zookeeper: starting on 127.0.0.1:$port"
    # The jar's manifest names its Debian dependencies; without a logging binding ZooKeeper logs nothing, errors go to stdout.
    start_detached zookeeper "$logs/stdout.log" "$JAVA_HOME/bin/java" -Xmx128m -Dzookeeper.admin.enableServer=false \
        -cp /usr/share/java/zookeeper.jar org.apache.zookeeper.server.ZooKeeperServerMain "$home/zoo.cfg"
    wait_until zookeeper 30 "$logs/stdout.log" zookeeper_healthy
}

zookeeper_stop() { clickhouse_external || stop_service zookeeper; }
zookeeper_status() { clickhouse_external || service_status_line zookeeper "127.0.0.1:$(zookeeper_port)"; }
