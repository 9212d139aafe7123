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

# --- NiFi -------------------------------------------------------------------------------------------------------------

# The administrator's identity: the subject of the client certificate in $(cluster_tls_dir)/admin.p12.
CLUSTER_NIFI_ADMIN_IDENTITY=CN=admin

cluster_tls_dir() { echo "$SPOTLIGHT_HOME/cluster/tls"; }

# A private CA, one certificate per NiFi node (CN=nifi-<n>, valid for localhost and 127.0.0.1, server and client use:
# the nodes authenticate each other with them) and the administrator's client certificate, all made with keytool in
# PKCS12 stores protected by NIFI_CLUSTER_TLS_PASSWORD (secrets.env). keytool reads the password from the environment
# (-storepass:env), never from its command line.
cluster_tls() {
    local dir entity keytool
    dir=$(cluster_tls_dir)
    [ -f "$dir/admin.p12" ] && return 0
    find_java
    keytool=$JAVA_HOME/bin/keytool
    mkdir -p "$dir" && chmod 700 "$dir"
    log "cluster: making the NiFi cluster's CA and certificates with keytool in $dir"
    local store=(-storetype PKCS12 -storepass:env NIFI_CLUSTER_TLS_PASSWORD)
    "$keytool" -genkeypair -alias ca -keyalg RSA -keysize 2048 -validity 825 -dname "CN=Spotlight local cluster CA" \
        -ext bc:c -keystore "$dir/ca.p12" "${store[@]}" 2>/dev/null || die "cluster: keytool could not make the CA"
    "$keytool" -exportcert -rfc -alias ca -keystore "$dir/ca.p12" "${store[@]}" > "$dir/ca.pem"
    "$keytool" -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$dir/truststore.p12" "${store[@]}" 2>/dev/null
    for entity in $(seq -f 'nifi-%g' 1 "$CLUSTER_NIFI_NODES") admin; do
        local cn=$entity
        [ "$entity" = admin ] && cn=${CLUSTER_NIFI_ADMIN_IDENTITY#CN=}
        "$keytool" -genkeypair -alias "$entity" -keyalg RSA -keysize 2048 -validity 825 -dname "CN=$cn" \
            -keystore "$dir/$entity.p12" "${store[@]}" 2>/dev/null
        "$keytool" -certreq -alias "$entity" -keystore "$dir/$entity.p12" "${store[@]}" \
            | "$keytool" -gencert -rfc -alias ca -keystore "$dir/ca.p12" "${store[@]}" -validity 825 \
                -ext SAN=dns:localhost,ip:127.0.0.1 -ext EKU=serverAuth,clientAuth -ext KU=digitalSignature,keyEncipherment \
                > "$dir/$entity.pem" || die "cluster: keytool could not sign the certificate of $entity"
        # The CA goes in first so that keytool can chain the signed certificate, and out again: a keystore holds the key.
        "$keytool" -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$dir/$entity.p12" "${store[@]}" 2>/dev/null
        "$keytool" -importcert -alias "$entity" -file "$dir/$entity.pem" -keystore "$dir/$entity.p12" "${store[@]}" >/dev/null 2>&1 \
            || die "cluster: keytool could not import the signed certificate of $entity"
        "$keytool" -delete -alias ca -keystore "$dir/$entity.p12" "${store[@]}"
    done
    chmod 600 "$dir"/*
}

# curl against a cluster node as the administrator: the client certificate and its password reach curl as a config
# file on its standard input, like curl_credentials.
cluster_nifi_curl() {
    local dir password
    dir=$(cluster_tls_dir)
    password=${NIFI_CLUSTER_TLS_PASSWORD//\\/\\\\}
    printf 'cert = "%s:%s"\ncert-type = "P12"\ncacert = "%s"\n' "$dir/admin.p12" "${password//\"/\\\"}" "$dir/ca.pem" \
        | curl -s --config - "$@"
}

cluster_nifi_url() { echo "https://localhost:$(cluster_port nifi-https "$1")"; }

# The TLS and clustering settings of node N, over the single-node stack's nifi.properties.
cluster_nifi_overrides() {
    local member=$1 dir
    dir=$(cluster_tls_dir)
    cat <<PROPERTIES
nifi.web.http.host=
nifi.web.http.port=
nifi.web.https.host=localhost
nifi.web.https.port=$(cluster_port nifi-https "$member")
nifi.web.proxy.host=localhost:$(cluster_port nifi-https "$member")
nifi.security.keystore=$dir/nifi-$member.p12
nifi.security.keystoreType=PKCS12
nifi.security.keystorePasswd=$NIFI_CLUSTER_TLS_PASSWORD
nifi.security.keyPasswd=$NIFI_CLUSTER_TLS_PASSWORD
nifi.security.truststore=$dir/truststore.p12
nifi.security.truststoreType=PKCS12
nifi.security.truststorePasswd=$NIFI_CLUSTER_TLS_PASSWORD
nifi.security.user.authorizer=managed-authorizer
nifi.security.user.login.identity.provider=
nifi.cluster.is.node=true
nifi.cluster.protocol.is.secure=true
nifi.cluster.node.address=localhost
nifi.cluster.node.protocol.port=$(cluster_port nifi-protocol "$member")
nifi.cluster.node.protocol.max.threads=20
nifi.cluster.node.connection.timeout=10 secs
nifi.cluster.node.read.timeout=30 secs
nifi.cluster.load.balance.host=localhost
nifi.cluster.load.balance.port=$(cluster_port nifi-load-balance "$member")
nifi.cluster.flow.election.max.candidates=$CLUSTER_NIFI_NODES
nifi.cluster.flow.election.max.wait.time=2 mins
nifi.zookeeper.connect.string=127.0.0.1:$(zookeeper_port)
nifi.zookeeper.root.node=/spotlight-nifi
nifi.state.management.provider.cluster=zk-provider
PROPERTIES
}

cluster_nifi_up() {
    local member name home overrides NIFI_ADMIN_IDENTITY=$CLUSTER_NIFI_ADMIN_IDENTITY NIFI_NODE_IDENTITIES="" NIFI_NODE_USER_IDENTITIES=""
    zookeeper_start
    cluster_secret NIFI_CLUSTER_TLS_PASSWORD
    cluster_tls
    for member in $(seq 1 "$CLUSTER_NIFI_NODES"); do
        NIFI_NODE_IDENTITIES+="        <property name=\"Node Identity $member\">CN=nifi-$member</property>"$'\n'
        NIFI_NODE_USER_IDENTITIES+="        <property name=\"Initial User Identity node-$member\">CN=nifi-$member</property>"$'\n'
    done
    for member in $(seq 1 "$CLUSTER_NIFI_NODES"); do
        name=cluster-nifi-$member
        home=$(cluster_home "nifi-$member")
        if service_pid "$name" >/dev/null; then
            cluster_nifi_nars_current "$home/extensions" && continue
            # A NAR replaced under a running NiFi is not loaded afresh (see nifi_deploy_nars): the node restarts with the new ones.
            log "cluster: the Spotlight NARs changed; restarting $name"
            stop_service "$name"
        fi
        mkdir -p "$home/conf" "$home/extensions"
        render "$SPOTLIGHT_ROOT/stack/conf/nifi-authorizers.xml" "$home/conf/authorizers.xml"
        # The Spotlight NARs go in each node's autoload directory before it starts, as the Nomad job's artifacts do.
        cluster_nifi_nars "$home/extensions"
        overrides=$home/conf/cluster.properties
        (umask 077 && cluster_nifi_overrides "$member" > "$overrides")
        nifi_launch_node "$name" "$home" "$(cluster_logs "nifi-$member")" "$(cluster_port nifi-https "$member")" \
            "$(cluster_port nifi-management "$member")" "$CLUSTER_NIFI_HEAP" "$overrides"
    done
    for member in $(seq 1 "$CLUSTER_NIFI_NODES"); do
        wait_until "cluster-nifi-$member" 300 "$(cluster_logs "nifi-$member")/nifi-app.log" cluster_nifi_connected "$member"
    done
    cluster_nifi_grant_root
}

# The initial administrator gets the global policies only: the root process group does not exist yet when NiFi writes
# authorizations.xml for a new cluster. This grants the administrator the root group's component, data, operation and
# provenance policies once (the flows' groups inherit them), as an administrator does in the UI's access policies. Data
# is reached through a node that replicates the request, and NiFi authorizes every identity of that proxy chain: the
# nodes get the data policies too.
cluster_nifi_grant_root() {
    local url root users admin nodes kind action resource answer members
    url=$(cluster_nifi_url 1)/nifi-api
    root=$(cluster_nifi_curl --fail "$url/flow/process-groups/root" | python3 -c 'import json,sys; print(json.load(sys.stdin)["processGroupFlow"]["id"])') \
        || die "cluster: cannot read the root process group as the administrator"
    users=$(cluster_nifi_curl --fail "$url/tenants/users") || die "cluster: cannot list NiFi's users as the administrator"
    admin=$(python3 -c '
import json, sys
print(",".join(json.dumps({"id": u["id"]}) for u in json.loads(sys.argv[1])["users"] if u["component"]["identity"] == sys.argv[2]))' \
        "$users" "$CLUSTER_NIFI_ADMIN_IDENTITY")
    [ -n "$admin" ] || die "cluster: the administrator $CLUSTER_NIFI_ADMIN_IDENTITY is not a NiFi user"
    nodes=$(python3 -c '
import json, sys
print(",".join(json.dumps({"id": u["id"]}) for u in json.loads(sys.argv[1])["users"] if u["component"]["identity"].startswith("CN=nifi-")))' "$users")
    for kind in "" /data /operation /provenance-data; do
        for action in read write; do
            [ "$kind" = /provenance-data ] && [ "$action" = write ] && continue
            resource=$kind/process-groups/$root
            members=$admin
            case $kind in /data|/provenance-data) members+=",$nodes" ;; esac
            answer=$(cluster_nifi_curl "$url/policies/$action$resource" | python3 -c '
import json, sys
try:
    print(json.load(sys.stdin)["component"]["resource"])
except Exception:
    print("")' )
            [ "$answer" = "$resource" ] && continue
            # The body on the command line (identifiers only): curl's standard input carries its configuration.
            cluster_nifi_curl --fail -X POST -H 'Content-Type: application/json' "$url/policies" >/dev/null --data-binary \
                "{\"revision\": {\"version\": 0}, \"component\": {\"action\": \"$action\", \"resource\": \"$resource\", \"users\": [$members]}}" \
                || die "cluster: could not grant $action on $resource"
        done
    done
}

cluster_nifi_nars_current() {
    local nar
    for nar in "$SPOTLIGHT_ROOT"/nifi-spotlight-services-api-nar/target/nifi-spotlight-services-api-nar-*.nar \
               "$SPOTLIGHT_ROOT"/nifi-spotlight-nar/target/nifi-spotlight-nar-*.nar; do
        # Compared by content (nar_fingerprint): each build writes a NAR with other bytes for the same classes.
        [ -f "$nar" ] || continue
        [ -f "$1/$(basename "$nar")" ] && [ "$(nar_fingerprint "$nar")" = "$(nar_fingerprint "$1/$(basename "$nar")")" ] || return 1
    done
}

cluster_nifi_nars() {
    local nar target=$1
    for nar in "$SPOTLIGHT_ROOT"/nifi-spotlight-services-api-nar/target/nifi-spotlight-services-api-nar-*.nar \
               "$SPOTLIGHT_ROOT"/nifi-spotlight-nar/target/nifi-spotlight-nar-*.nar; do
        [ -f "$nar" ] || die "cluster: $(basename "$nar") is not built (./spotlight build)"
        cmp -s "$nar" "$target/$(basename "$nar")" || cp "$nar" "$target/"
    done
}

# Node N answers and the cluster it sees has every node CONNECTED.
cluster_nifi_connected() {
    local connected
    connected=$(cluster_nifi_curl --max-time 5 "$(cluster_nifi_url "$1")/nifi-api/controller/cluster" 2>/dev/null \
        | python3 -c 'import json,sys; print(sum(1 for n in json.load(sys.stdin)["cluster"]["nodes"] if n["status"] == "CONNECTED"))' 2>/dev/null)
    [ "${connected:-0}" -eq "$CLUSTER_NIFI_NODES" ]
}

# A secret of the cluster, generated once into secrets.env like those of the single-node stack.
cluster_secret() {
    local key=$1 file=$SPOTLIGHT_HOME/secrets.env
    if ! grep -q "^$key=" "$file"; then
        (umask 077 && echo "$key=$(random_secret 32)" >> "$file")
    fi
    [ -n "${!key:-}" ] || export "$key=$(sed -n "s/^$key=//p" "$file")"
}

# --- the whole cluster ------------------------------------------------------------------------------------------------

cluster_members() {
    local member
    for member in $(seq 1 "$CLUSTER_KAFKA_NODES"); do echo "kafka $member"; done
    for member in $(seq 1 "$CLUSTER_CLICKHOUSE_REPLICAS"); do echo "clickhouse $member"; done
    for member in $(seq 1 "$CLUSTER_NIFI_NODES"); do echo "nifi $member"; done
}

cluster_up() {
    local started=$SECONDS
    # The flows' failure store and raw archive: the single-node stack's S3 server.
    s3_start
    cluster_kafka_up
    log "cluster: Kafka up ($((SECONDS - started))s)"
    cluster_clickhouse_up
    log "cluster: ClickHouse up ($((SECONDS - started))s)"
    cluster_nifi_up
    log "cluster: NiFi up ($((SECONDS - started))s)"
    log "cluster ready in $((SECONDS - started))s"
    cluster_status
}

# Starts one member again (after the drill killed it): cluster_start_member kafka|clickhouse|nifi N.
cluster_start_member() {
    case $1 in
        kafka) cluster_kafka_up ;;
        clickhouse) cluster_clickhouse_up ;;
        nifi) cluster_nifi_up ;;
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
        start) [ $# -eq 2 ] || die "usage: ./spotlight cluster start kafka|clickhouse|nifi"; cluster_start_member "$2" ;;
        *) die "usage: ./spotlight cluster up|down|status|start kafka|clickhouse|nifi" ;;
    esac
}

# Runs a command as a client of the cluster: the endpoints the Java tools read (NIFI_URL with every node, the brokers, the
# first ClickHouse replica) and the administrator's client certificate for NiFi.
cluster_client() {
    NIFI_URL=$CLUSTER_NIFI_URLS KAFKA_BOOTSTRAP_SERVERS=$CLUSTER_KAFKA_BOOTSTRAP_SERVERS CLICKHOUSE_URL=${CLUSTER_CLICKHOUSE_URLS%%,*} \
        NIFI_CLIENT_KEYSTORE=$(cluster_tls_dir)/admin.p12 NIFI_TRUSTSTORE=$(cluster_tls_dir)/truststore.p12 \
        NIFI_CLIENT_KEYSTORE_PASSWORD=$NIFI_CLUSTER_TLS_PASSWORD "$@"
}

# ./spotlight reliability cluster: the drill (org.spotlight.flows.local.ClusterDrill).
cluster_drill() {
    cluster_export_endpoints
    cluster_up >/dev/null
    cluster_client flows_java org.spotlight.flows.local.ClusterDrill "$SPOTLIGHT_ROOT" "$SPOTLIGHT_ROOT/../shared/data/congress" \
        "$SPOTLIGHT_HOME/reliability" "$@"
}

# ./spotlight test --cluster: the cluster integration tests (ClusterIT) against the local cluster, which it starts with
# this build's NARs.
cluster_test() {
    local started=$SECONDS
    build_nars
    cluster_export_endpoints
    cluster_up >/dev/null
    log "cluster: up after $((SECONDS - started))s; running the cluster integration tests"
    cluster_client mvnw -ntp -pl nifi-spotlight-flows verify -DskipITs=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
        -Dit.test='Cluster*IT' "$@" || die "cluster tests failed after $((SECONDS - started))s"
    log "cluster tests passed in $((SECONDS - started))s"
}
