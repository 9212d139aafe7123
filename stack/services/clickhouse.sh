# shellcheck shell=bash
# ClickHouse: Debian's clickhouse-server run as an ordinary process with its own config under the work dir.

clickhouse_external() { [ "$CLICKHOUSE_URL" != "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT" ]; }

clickhouse_healthy() {
    [ "$(curl -s --max-time 2 "$CLICKHOUSE_URL/ping" 2>/dev/null)" = "Ok." ]
}

clickhouse_install() {
    command -v clickhouse-server >/dev/null && command -v clickhouse-client >/dev/null && return 0
    log "installing clickhouse-server and clickhouse-client from Debian (apt-get)"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        clickhouse-server clickhouse-client >/dev/null \
        || die "apt-get could not install clickhouse-server (Debian bookworm package)"
}

clickhouse_start() {
    if clickhouse_external; then
        clickhouse_healthy || die "external ClickHouse $CLICKHOUSE_URL does not answer /ping"
        log "clickhouse: using external $CLICKHOUSE_URL"
        return 0
    fi
    if service_pid clickhouse >/dev/null; then log "clickhouse: already running"; return 0; fi
    # 18.16 refuses to start while a replicated table's ZooKeeper is away: `up clickhouse` (benchmarks, drills) brings it too.
    zookeeper_start
    clickhouse_launch_server clickhouse "$SPOTLIGHT_HOME/clickhouse" "$SPOTLIGHT_LOGS/clickhouse" "$CLICKHOUSE_HTTP_PORT" \
        "$CLICKHOUSE_TCP_PORT" "$CLICKHOUSE_INTERSERVER_PORT" 01 local "$CLICKHOUSE_TCP_PORT"
    wait_until clickhouse 60 "$SPOTLIGHT_LOGS/clickhouse/clickhouse-server.err.log" clickhouse_healthy
    clickhouse_sql "CREATE DATABASE IF NOT EXISTS \`$CLICKHOUSE_DATABASE\`" >/dev/null
}

# Renders a server's configuration and starts it detached. Arguments: service name, home, log directory, HTTP, TCP and
# interserver ports, the {shard} and {replica} macros, and the TCP ports of every replica of the shard (remote_servers).
clickhouse_launch_server() {
    # Before the ports below shadow the stack's: the ZooKeeper port follows the stack's ClickHouse port.
    local ZOOKEEPER_CLIENT_PORT
    ZOOKEEPER_CLIENT_PORT=$(zookeeper_port)
    local name=$1 home=$2 CH_LOG_DIR=$3 CLICKHOUSE_HTTP_PORT=$4 CLICKHOUSE_TCP_PORT=$5 CLICKHOUSE_INTERSERVER_PORT=$6
    local CLICKHOUSE_SHARD=$7 CLICKHOUSE_REPLICA=$8 replica_ports=$9 port
    local CH_CONF_DIR=$home/conf CH_DATA_DIR=$home/data CLICKHOUSE_PASSWORD_SHA256 CLICKHOUSE_REPLICAS_XML=""
    local CLICKHOUSE_CLUSTER=${CLICKHOUSE_CLUSTER:-spotlight}
    port_open "$CLICKHOUSE_HTTP_PORT" && die "$name: port $CLICKHOUSE_HTTP_PORT is taken by a process this stack did not start"
    clickhouse_install
    mkdir -p "$CH_CONF_DIR" "$CH_DATA_DIR" "$CH_LOG_DIR"
    CLICKHOUSE_PASSWORD_SHA256=$(printf '%s' "$CLICKHOUSE_PASSWORD" | sha256sum | cut -d' ' -f1)
    for port in $replica_ports; do
        CLICKHOUSE_REPLICAS_XML+="                <replica><host>127.0.0.1</host><port>$port</port><user>$(xml_escape "$CLICKHOUSE_USER")</user>"
        CLICKHOUSE_REPLICAS_XML+="<password>$(xml_escape "$CLICKHOUSE_PASSWORD")</password></replica>"$'\n'
    done
    render "$SPOTLIGHT_ROOT/stack/conf/clickhouse-config.xml" "$CH_CONF_DIR/config.xml"
    (umask 077 && render "$SPOTLIGHT_ROOT/stack/conf/clickhouse-users.xml" "$CH_CONF_DIR/users.xml")
    (umask 077 && render "$SPOTLIGHT_ROOT/stack/conf/clickhouse-metrika.xml" "$CH_CONF_DIR/metrika.xml")
    log "$name: starting on http://127.0.0.1:$CLICKHOUSE_HTTP_PORT"
    (cd "$home" && start_detached "$name" "$CH_LOG_DIR/stdout.log" clickhouse-server --config-file="$CH_CONF_DIR/config.xml")
}

# Runs one statement over HTTP (the same protocol the NiFi service uses) and prints the result. The credentials reach
# curl on its standard input (curl_credentials), not on its command line.
clickhouse_sql() { clickhouse_sql_at "$CLICKHOUSE_URL" "$@"; }

# The same against another ClickHouse of the stack (the 26.x engine): URL, statement, database.
clickhouse_sql_at() {
    curl_credentials "$CLICKHOUSE_USER" "$CLICKHOUSE_PASSWORD" | curl -sS --fail-with-body --max-time 300 --config - \
        --data-binary "$2" "$1/?database=${3:-default}"
}

clickhouse_stop() { clickhouse_external || stop_service clickhouse; }
clickhouse_status() { service_status_line clickhouse "$CLICKHOUSE_URL"; }
