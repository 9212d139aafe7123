# shellcheck shell=bash
# NiFi 2.3.0 assembled from Maven artifacts: plain HTTP on loopback, anonymous access, our NARs autoloaded.

nifi_healthy() {
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$NIFI_URL/nifi-api/flow/about" 2>/dev/null)" = 200 ]
}

# Installs the built Spotlight NARs through NiFi's NAR Manager REST API, the same way an operator uploads them in
# the UI: parent NAR first, a NAR already installed with the same content is left alone, a changed one replaced.
nifi_deploy_nars() {
    local restart_allowed=${1:-restart-allowed} nar name installed installed_sha sha fingerprint replaced=0
    local fingerprints=$SPOTLIGHT_HOME/nifi/nar-fingerprints
    installed=$(nifi_installed_nars) || die "nifi: cannot list installed NARs at $NIFI_URL"
    for nar in "$SPOTLIGHT_ROOT"/nifi-spotlight-services-api-nar/target/nifi-spotlight-services-api-nar-*.nar \
               "$SPOTLIGHT_ROOT"/nifi-spotlight-nar/target/nifi-spotlight-nar-*.nar; do
        if [ ! -f "$nar" ]; then
            log "nifi: $(basename "$nar") is not built yet (./spotlight build); NiFi runs without it"
            continue
        fi
        name=$(basename "$nar" .nar)
        sha=$(sha256sum "$nar" | cut -d' ' -f1)
        if grep -qx "$name $sha Installed" <<<"$installed"; then
            continue
        fi
        fingerprint=$(nar_fingerprint "$nar")
        # The same code and docs built again: NiFi keeps the NAR it has (replacing it would restart NiFi).
        installed_sha=$(awk -v name="$name" '$1 == name && $3 == "Installed" { print $2 }' <<<"$installed")
        if [ -n "$installed_sha" ] && grep -qx "$name $installed_sha $fingerprint" "$fingerprints" 2>/dev/null; then
            continue
        fi
        if grep -q "^$name " <<<"$installed" && [ "$restart_allowed" = restart-allowed ]; then
            replaced=1
        fi
        log "nifi: installing $name"
        curl -sf -X POST -H 'Content-Type: application/octet-stream' -H "Filename: $name.nar" \
            --data-binary "@$nar" "$NIFI_URL/nifi-api/controller/nar-manager/nars/content" >/dev/null \
            || die "nifi: the NAR Manager refused $name.nar; see $SPOTLIGHT_LOGS/nifi/nifi-app.log"
        { grep -v "^$name " "$fingerprints" 2>/dev/null; echo "$name $sha $fingerprint"; } > "$fingerprints.tmp" \
            && mv "$fingerprints.tmp" "$fingerprints"
        # A replacement is not waited for: the restart below installs it (the NAR Manager has persisted it already).
        if [ "$replaced" = 0 ]; then
            nifi_wait_for_nar "$name" || die "nifi: $name could not be installed; see $SPOTLIGHT_LOGS/nifi/nifi-app.log"
        fi
    done
    if [ "$replaced" = 1 ]; then
        # A replaced NAR is unpacked to the same path, and the JVM keeps serving the old jar's cached entries (a new
        # META-INF/services file, for one, stays invisible). A restart loads the replacement from NiFi's NAR repository.
        log "nifi: restarting NiFi so that it loads the replaced NARs afresh"
        nifi_stop
        nifi_start no-restart
    fi
}

# What a NAR holds, except the one entry the NAR plugin does not write reproducibly: its extension manifest lists a
# property's dependencies in an order that varies from build to build (nifi-api keeps them in a Set.copyOf). Equal
# fingerprints mean the same classes, libraries and docs.
nar_fingerprint() {
    python3 -c '
import hashlib, sys, zipfile
digest = hashlib.sha256()
with zipfile.ZipFile(sys.argv[1]) as nar:
    for entry in sorted(nar.infolist(), key=lambda entry: entry.filename):
        if entry.filename != "META-INF/docs/extension-manifest.xml":
            digest.update(f"{entry.filename} {entry.CRC} {entry.file_size}\n".encode())
print(digest.hexdigest())
' "$1"
}

# One line per NAR the NAR Manager knows: "<artifact>-<version> <sha256> <state>".
nifi_installed_nars() {
    curl -sf "$NIFI_URL/nifi-api/controller/nar-manager/nars" | python3 -c '
import json, sys
for entry in json.load(sys.stdin)["narSummaries"]:
    s = entry["narSummary"]
    print(s["coordinate"]["artifact"] + "-" + s["coordinate"]["version"], s.get("digest", ""), s["state"])
'
}

# Waits until the NAR Manager reports the NAR (file name without .nar) as installed.
nifi_wait_for_nar() {
    local name=$1 started=$SECONDS state=""
    while (( SECONDS - started < 120 )); do
        state=$(curl -sf "$NIFI_URL/nifi-api/controller/nar-manager/nars" | python3 -c '
import json, sys
for entry in json.load(sys.stdin)["narSummaries"]:
    s = entry["narSummary"]
    if s["coordinate"]["artifact"] + "-" + s["coordinate"]["version"] == sys.argv[1]:
        print(s["state"], s.get("failureMessage") or "")
' "$name")
        case $state in
            Installed*) return 0 ;;
            Failed*|Missing*) log "nifi: NAR $name: $state"; return 1 ;;
        esac
        sleep 1
    done
    log "nifi: NAR $name was not installed within 120 s (state: ${state:-unknown})"
    return 1
}

nifi_start() {
    local restart_allowed=${1:-restart-allowed}
    if service_pid nifi >/dev/null; then log "nifi: already running"; nifi_deploy_nars; return 0; fi
    # NiFi's management server listens on 52020 in every instance unless told otherwise; deriving its port from the
    # HTTP port lets several stacks run on one machine.
    nifi_launch_node nifi "$SPOTLIGHT_HOME/nifi" "$SPOTLIGHT_LOGS/nifi" "$NIFI_HTTP_PORT" "$((NIFI_HTTP_PORT + 1))" "$NIFI_HEAP"
    wait_until nifi 240 "$SPOTLIGHT_LOGS/nifi/nifi-app.log" nifi_healthy
    nifi_deploy_nars "$restart_allowed"
}

# Renders a node's configuration and starts it detached. Arguments: service name, home, log directory, the port that
# must be free (HTTP, or HTTPS for a cluster node), the management server's port, the heap, and optionally a file of
# key=value lines that replace or extend the rendered nifi.properties (the cluster's TLS and clustering settings).
nifi_launch_node() {
    local name=$1 home=$2 logs=$3 NIFI_HTTP_PORT=$4 management_port=$5 heap=$6 overrides=${7:-} NIFI_ZOOKEEPER_CONNECT
    NIFI_ZOOKEEPER_CONNECT=127.0.0.1:$(zookeeper_port)
    port_open "$NIFI_HTTP_PORT" && die "$name: port $NIFI_HTTP_PORT is taken by a process this stack did not start"
    ensure_dist
    find_java
    export NIFI_DIST=$SPOTLIGHT_DIST/nifi-2.3.0
    mkdir -p "$home/conf" "$logs"
    (umask 077 && render "$SPOTLIGHT_ROOT/stack/conf/nifi.properties" "$home/conf/nifi.properties")
    if [ -n "$overrides" ]; then
        (umask 077 && properties_override "$home/conf/nifi.properties" "$overrides")
    fi
    render "$SPOTLIGHT_ROOT/stack/conf/nifi-state-management.xml" "$home/conf/state-management.xml"
    cp "$SPOTLIGHT_ROOT/stack/conf/nifi-logback.xml" "$home/conf/logback.xml"
    log "$name: starting NiFi 2.3.0 on port $NIFI_HTTP_PORT (about 30-60 s)"
    (cd "$home" && start_detached "$name" "$logs/bootstrap.log" "$JAVA_HOME/bin/java" \
        -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC \
        -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true -Dfile.encoding=UTF-8 \
        -Dnifi.properties.file.path="$home/conf/nifi.properties" \
        -Dlogback.configurationFile="$home/conf/logback.xml" \
        -Dorg.apache.nifi.bootstrap.config.log.dir="$logs" \
        -Dcurator-log-only-first-connection-issue-as-error-level=true \
        -Dorg.apache.nifi.management.server.address="127.0.0.1:$management_port" \
        --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
        --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
        -cp "$NIFI_DIST/lib/*" org.apache.nifi.NiFi)
}

# Replaces the values of a properties file's keys with those of an overrides file (key=value lines), appending keys
# the file does not have.
properties_override() {
    python3 - "$1" "$2" <<'PY'
import sys
target, overrides = sys.argv[1], sys.argv[2]
values = dict(line.rstrip("\n").split("=", 1) for line in open(overrides, encoding="utf-8") if "=" in line and not line.startswith("#"))
lines = []
for line in open(target, encoding="utf-8"):
    key = line.split("=", 1)[0]
    if "=" in line and not line.startswith("#") and key in values:
        line = key + "=" + values.pop(key) + "\n"
    lines.append(line)
lines += [key + "=" + value + "\n" for key, value in values.items()]
open(target, "w", encoding="utf-8").writelines(lines)
PY
}

nifi_stop() { stop_service nifi; }
nifi_status() { service_status_line nifi "$NIFI_URL/nifi"; }
