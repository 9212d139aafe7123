# shellcheck shell=bash
# ClickHouse 26.x for the local stack: ClickHouse's own engine as a shared library (chDB's libchdb.so, from npm) behind
# the project's HTTP front (chdb-http/), which carries ClickHouse's HTTP interface to it. Tables use the storage
# configuration the deployment renders (nomad/clickhouse/storage.xml.tftpl), pointed at the stack's S3 server.

# The engine: the npm package and the exact tarball (npm's sha512 integrity) the stack runs.
CHDB_NPM_PACKAGE=@chdb/lib-linux-x64-gnu
CHDB_VERSION=26.7.3-stable.1
CHDB_INTEGRITY=sha512-XP97mMqnc5tZpKQywR8N7cLTsHNiTmHr30pC5mzo3jWmukjKn2IBa60c2B/gWUNcuFjOMjWoorQICCqBVj5wpw==

clickhouse_modern_external() { [ "$CLICKHOUSE_MODERN_URL" != "http://127.0.0.1:$CLICKHOUSE_MODERN_HTTP_PORT" ]; }

clickhouse_modern_healthy() {
    [ "$(curl -s --max-time 2 "$CLICKHOUSE_MODERN_URL/ping" 2>/dev/null)" = "Ok." ]
}

# Downloads survive `./spotlight down` and are shared by every checkout on the machine.
spotlight_cache() { echo "${SPOTLIGHT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/spotlight}"; }

chdb_library() { echo "$(spotlight_cache)/chdb/$CHDB_VERSION/libchdb.so"; }

# Fetches the engine from npm once (npm pack: no install scripts run), checks the tarball against the pinned
# integrity and keeps only libchdb.so.
clickhouse_modern_install() {
    local library dir download tarball actual
    library=$(chdb_library)
    [ -f "$library" ] && return 0
    command -v npm >/dev/null || die "npm is needed to install the ClickHouse $CHDB_VERSION engine ($CHDB_NPM_PACKAGE)"
    dir=$(dirname "$library")
    mkdir -p "$dir"
    download=$(mktemp -d "$dir/.download.XXXXXX")
    log "installing the ClickHouse 26.x engine: npm $CHDB_NPM_PACKAGE@$CHDB_VERSION (a 178 MB download, once) into $dir"
    (cd "$download" && npm pack "$CHDB_NPM_PACKAGE@$CHDB_VERSION" --silent >/dev/null) \
        || { rm -rf "$download"; die "npm could not fetch $CHDB_NPM_PACKAGE@$CHDB_VERSION"; }
    tarball=$(ls "$download"/*.tgz)
    actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    if [ "$actual" != "$CHDB_INTEGRITY" ]; then
        rm -rf "$download"
        die "$CHDB_NPM_PACKAGE@$CHDB_VERSION does not have the pinned integrity ($actual)"
    fi
    tar -xzf "$tarball" -C "$download" package/libchdb.so || { rm -rf "$download"; die "no libchdb.so in $tarball"; }
    mv "$download/package/libchdb.so" "$library"
    rm -rf "$download"
}

# The HTTP front's jar, built when missing or older than its sources.
clickhouse_modern_front_jar() {
    local jar
    jar=$(ls "$SPOTLIGHT_ROOT"/chdb-http/target/spotlight-chdb-http-*.jar 2>/dev/null | head -n 1)
    if [ -z "$jar" ] || [ -n "$(find "$SPOTLIGHT_ROOT/chdb-http/src/main" "$SPOTLIGHT_ROOT/chdb-http/pom.xml" -newer "$jar" -print -quit)" ]; then
        log "building the ClickHouse HTTP front (chdb-http)"
        (cd "$SPOTLIGHT_ROOT" && mvnw -q -pl chdb-http -Dmaven.test.skip=true package) >&2 || die "could not build chdb-http"
        jar=$(ls "$SPOTLIGHT_ROOT"/chdb-http/target/spotlight-chdb-http-*.jar | head -n 1)
    fi
    echo "$jar"
}

clickhouse_modern_start() {
    if clickhouse_modern_external; then
        clickhouse_modern_healthy || die "external ClickHouse $CLICKHOUSE_MODERN_URL does not answer /ping"
        log "clickhouse-modern: using external $CLICKHOUSE_MODERN_URL"
        return 0
    fi
    if service_pid clickhouse-modern >/dev/null; then log "clickhouse-modern: already running"; return 0; fi
    port_open "$CLICKHOUSE_MODERN_HTTP_PORT" && die "clickhouse-modern: port $CLICKHOUSE_MODERN_HTTP_PORT is taken by a process this stack did not start"
    # Its tables' storage policies point at the S3 server, which the engine checks when it boots.
    s3_start
    find_java
    clickhouse_modern_install
    local jar home=$SPOTLIGHT_HOME/clickhouse-modern logs=$SPOTLIGHT_LOGS/clickhouse-modern
    jar=$(clickhouse_modern_front_jar)
    mkdir -p "$home/conf/config.d" "$home/data" "$logs"
    export CHM_LOG_DIR=$logs
    render "$SPOTLIGHT_ROOT/stack/clickhouse-modern/config.xml" "$home/conf/config.xml"
    node "$SPOTLIGHT_ROOT/stack/clickhouse-modern/render-storage.mjs" "$home/conf/config.d/storage.xml" "$home/data" \
        || die "clickhouse-modern: could not render the deployment's storage configuration"
    # A copy of the jar: a rebuild of chdb-http must not rewrite the file a running JVM reads.
    cp "$jar" "$home/spotlight-chdb-http.jar"
    (umask 077 && cat > "$home/front.properties" <<PROPERTIES
library=$(chdb_library)
path=$home/data
config_file=$home/conf/config.xml
listen_host=127.0.0.1
port=$CLICKHOUSE_MODERN_HTTP_PORT
user=$CLICKHOUSE_USER
password_sha256_hex=$(printf '%s' "$CLICKHOUSE_PASSWORD" | sha256sum | cut -d' ' -f1)
threads=$CLICKHOUSE_MODERN_THREADS
display_name=spotlight-clickhouse-modern
PROPERTIES
    )
    log "clickhouse-modern: starting ClickHouse $CHDB_VERSION (chDB engine) on $CLICKHOUSE_MODERN_URL"
    (cd "$home" && start_detached clickhouse-modern "$logs/front.log" "$JAVA_HOME/bin/java" -Xms"$CLICKHOUSE_MODERN_HEAP" \
        -Xmx"$CLICKHOUSE_MODERN_HEAP" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "$home/spotlight-chdb-http.jar" "$home/front.properties")
    wait_until clickhouse-modern 90 "$logs/front.log" clickhouse_modern_healthy
    clickhouse_sql_at "$CLICKHOUSE_MODERN_URL" "CREATE DATABASE IF NOT EXISTS \`$CLICKHOUSE_DATABASE\`" >/dev/null
}

clickhouse_modern_stop() { clickhouse_modern_external || stop_service clickhouse-modern; }
clickhouse_modern_status() { service_status_line clickhouse-modern "$CLICKHOUSE_MODERN_URL"; }
