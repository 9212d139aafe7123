# shellcheck shell=bash
# S3 API: S3Proxy with the filesystem backend standing in for MinIO (any S3 endpoint can be configured instead).

s3_external() { [ "$S3_ENDPOINT" != "http://127.0.0.1:$S3_PORT" ]; }

s3_healthy() {
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$S3_ENDPOINT/" 2>/dev/null)
    [ "$code" = 403 ] || [ "$code" = 200 ]
}

s3_start() {
    if s3_external; then log "s3: using external $S3_ENDPOINT"; return 0; fi
    if service_pid s3proxy >/dev/null; then log "s3: already running"; return 0; fi
    port_open "$S3_PORT" && die "s3: port $S3_PORT is taken by a process this stack did not start"
    ensure_dist
    find_java
    local home=$SPOTLIGHT_HOME/s3proxy logs=$SPOTLIGHT_LOGS/s3proxy
    export S3_DATA_DIR=$home/data
    mkdir -p "$S3_DATA_DIR" "$logs"
    (umask 077 && render "$SPOTLIGHT_ROOT/stack/conf/s3proxy.properties" "$home/s3proxy.properties")
    log "s3: starting S3Proxy on $S3_ENDPOINT"
    start_detached s3proxy "$logs/s3proxy.log" "$JAVA_HOME/bin/java" -Xmx256m \
        -jar "$SPOTLIGHT_DIST/s3proxy-4.1.0/s3proxy-jar-with-dependencies.jar" --properties "$home/s3proxy.properties"
    wait_until s3proxy 60 "$logs/s3proxy.log" s3_healthy
    local bucket
    for bucket in "$S3_BUCKET_RAW" "$S3_BUCKET_FAILURES" "$S3_BUCKET_CLICKHOUSE"; do
        # The filesystem backend keeps one directory per bucket; creating it is how S3Proxy creates a bucket.
        mkdir -p "$S3_DATA_DIR/$bucket"
    done
}

s3_stop() { s3_external || stop_service s3proxy; }
s3_status() { service_status_line s3proxy "$S3_ENDPOINT"; }
