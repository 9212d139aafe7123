# shellcheck shell=bash
# NiFi 2.3.0 assembled from Maven artifacts: plain HTTP on loopback, anonymous access, our NARs autoloaded.

nifi_healthy() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$NIFI_URL/nifi-api/flow/about" 2>/dev/null)" = 200 ]
}

# Copies the built Spotlight NARs into NiFi's autoload directory (NiFi picks them up within seconds).
nifi_deploy_nars() {
    local ext=$SPOTLIGHT_HOME/nifi/extensions nar found=0
    mkdir -p "$ext"
    for nar in "$SPOTLIGHT_ROOT"/nifi-spotlight-services-api-nar/target/*.nar "$SPOTLIGHT_ROOT"/nifi-spotlight-nar/target/*.nar; do
        [ -f "$nar" ] || continue
        found=1
        cmp -s "$nar" "$ext/$(basename "$nar")" || cp "$nar" "$ext/"
    done
    [ "$found" = 1 ] || log "nifi: no Spotlight NARs built yet (run ./mvnw package); NiFi starts without them"
}

nifi_start() {
    if service_pid nifi >/dev/null; then log "nifi: already running"; nifi_deploy_nars; return 0; fi
    port_open "$NIFI_HTTP_PORT" && die "nifi: port $NIFI_HTTP_PORT is taken by a process this stack did not start"
    ensure_dist
    find_java
    local home=$SPOTLIGHT_HOME/nifi logs=$SPOTLIGHT_LOGS/nifi
    export NIFI_DIST=$SPOTLIGHT_DIST/nifi-2.3.0
    mkdir -p "$home/conf" "$logs"
    (umask 077 && render "$SPOTLIGHT_ROOT/stack/conf/nifi.properties" "$home/conf/nifi.properties")
    cp "$SPOTLIGHT_ROOT/stack/conf/nifi-state-management.xml" "$home/conf/state-management.xml"
    cp "$SPOTLIGHT_ROOT/stack/conf/nifi-logback.xml" "$home/conf/logback.xml"
    nifi_deploy_nars
    log "nifi: starting NiFi 2.3.0 on $NIFI_URL (about 30-60 s)"
    (cd "$home" && start_detached nifi "$logs/bootstrap.log" "$JAVA_HOME/bin/java" \
        -Xms"$NIFI_HEAP" -Xmx"$NIFI_HEAP" -XX:+UseG1GC \
        -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true -Dfile.encoding=UTF-8 \
        -Dnifi.properties.file.path="$home/conf/nifi.properties" \
        -Dlogback.configurationFile="$home/conf/logback.xml" \
        -Dorg.apache.nifi.bootstrap.config.log.dir="$logs" \
        -Dcurator-log-only-first-connection-issue-as-error-level=true \
        --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
        --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
        -cp "$NIFI_DIST/lib/*" org.apache.nifi.NiFi)
    wait_until nifi 240 "$logs/nifi-app.log" nifi_healthy
}

nifi_stop() { stop_service nifi; }
nifi_status() { service_status_line nifi "$NIFI_URL/nifi"; }
