# shellcheck shell=bash
# ./spotlight bench put: the same trade-shaped records into the local ClickHouse three ways, side by side in one run:
#   (a) clickhouse-client INSERT ... FORMAT JSONEachRow from the file (the practical ceiling),
#   (b) PutClickHouseBatch in a nifi-mock TestRunner, FlowFiles of 10,000 JSON records, JVM at -Xmx256m (reading the JSON
#       itself, its default; the same with NiFi's JsonTreeReader as Record Reader is printed beside it),
#   (c) NiFi's stock PutDatabaseRecord 2.3.0 over DBCPConnectionPool + clickhouse-jdbc, the same FlowFiles.
# Prints rows/s per path and run, the medians, and last a RESULT line. The Java halves live in nifi-spotlight-benchmarks;
# helpers are named put_bench_* because every bench_* function is a benchmark of ./spotlight bench.

put_bench_usage() {
    cat <<'USAGE'
Usage: ./spotlight bench put [--rows N] [--runs N] [--threads N] [--pdr-batch N]
  --rows N       records to load per path (default 1000000)
  --runs N       rounds of (a), (b), (c); medians are reported (default 3)
  --threads N    concurrent tasks of both NiFi processors (default 2)
  --pdr-batch N  PutDatabaseRecord's Maximum Batch Size (default 1000, its own default)
USAGE
}

bench_put() {
    local rows=1000000 runs=3 threads=2 pdr_batch=1000
    while [ $# -gt 0 ]; do
        case $1 in
            --rows) rows=$2; shift 2 ;;
            --runs) runs=$2; shift 2 ;;
            --threads) threads=$2; shift 2 ;;
            --pdr-batch) pdr_batch=$2; shift 2 ;;
            -h|--help) put_bench_usage; return 0 ;;
            *) put_bench_usage >&2; die "unknown option '$1'" ;;
        esac
    done
    put_bench_prepare "$rows"
    local classpath=$PUT_BENCH_CLASSPATH data=$PUT_BENCH_DATA chunks=$PUT_BENCH_CHUNKS

    local a_rates=() b_rates=() r_rates=() c_rates=() heap_max=0 run a b r c line cpu_a cpu_b cpu_r
    for (( run = 1; run <= runs; run++ )); do
        line=$(put_bench_client "$data" "$rows")
        [[ $line == rows_per_s=* ]] || die "bench put: the clickhouse-client run failed"
        a=$(put_bench_field rows_per_s "$line")
        cpu_a="clickhouse-client $(put_bench_field client_cpu_s "$line") s + server $(put_bench_field server_cpu_s "$line") s"
        log "bench put: clickhouse-client: $line"
        line=$(put_bench_nifi spotlight -Xmx256m "$classpath" "$chunks" "$rows" "$threads")
        b=$(put_bench_field rows_per_s "$line")
        heap_max=$(put_bench_field heap_max_mb "$line")
        cpu_b="JVM $(put_bench_field jvm_cpu_s "$line") s + server $(put_bench_field server_cpu_s "$line") s"
        log "bench put: PutClickHouseBatch: $line"
        line=$(put_bench_nifi spotlight-reader -Xmx256m "$classpath" "$chunks" "$rows" "$threads")
        r=$(put_bench_field rows_per_s "$line")
        cpu_r="JVM $(put_bench_field jvm_cpu_s "$line") s + server $(put_bench_field server_cpu_s "$line") s"
        log "bench put: PutClickHouseBatch with JsonTreeReader: $line"
        line=$(BENCH_PDR_BATCH=$pdr_batch put_bench_nifi putdatabaserecord -Xmx1g "$classpath" "$chunks" "$rows" "$threads")
        c=$(put_bench_field rows_per_s "$line")
        log "bench put: PutDatabaseRecord: $line"
        printf 'run %d: clickhouse-client %s rows/s, PutClickHouseBatch %s rows/s (with JsonTreeReader %s), PutDatabaseRecord %s rows/s\n' \
            "$run" "$a" "$b" "$r" "$c"
        printf 'run %d: CPU time for %d rows: (a) %s, (b) %s, (b) with JsonTreeReader %s\n' "$run" "$rows" "$cpu_a" "$cpu_b" "$cpu_r"
        a_rates+=("$a"); b_rates+=("$b"); r_rates+=("$r"); c_rates+=("$c")
    done
    # The JSON reader of (b) alone: the part of (b)'s CPU time that no insert path can save.
    line=$(BENCH_THREADS=$threads put_bench_java -Xmx256m "$classpath" reader "$chunks")
    [[ $line == rows=* ]] || die "bench put: the reader run failed; see $SPOTLIGHT_LOGS/bench-put.log"
    log "bench put: (b)'s JsonTreeReader alone: $line"
    printf "(b)'s JsonTreeReader alone, one thread, no insert: %s rows/s, JVM CPU %s s for %d rows\n" \
        "$(put_bench_field rows_per_s "$line")" "$(put_bench_field jvm_cpu_s "$line")" "$rows"
    a=$(put_bench_median "${a_rates[@]}"); b=$(put_bench_median "${b_rates[@]}"); r=$(put_bench_median "${r_rates[@]}")
    c=$(put_bench_median "${c_rates[@]}")
    printf 'median of %d: (a) clickhouse-client %s rows/s, (b) PutClickHouseBatch %s rows/s (with JsonTreeReader %s, %s of (a)), (c) PutDatabaseRecord %s rows/s\n' \
        "$runs" "$a" "$b" "$r" "$(awk -v r="$r" -v a="$a" 'BEGIN { printf "%.2f", r / a }')" "$c"
    awk -v a="$a" -v b="$b" -v c="$c" -v heap="$heap_max" \
        'BEGIN { printf "RESULT put rows_per_s=%d vs_clickhouse_client=%.2f vs_putdatabaserecord=%.2f heap_max_mb=%d\n", b, b / a, b / c, heap }'
}

# Builds the benchmark and writes the records once; sets PUT_BENCH_CLASSPATH, PUT_BENCH_DATA (JSONEachRow file) and
# PUT_BENCH_CHUNKS (a directory of FlowFile contents of 10,000 records each). bench e2e uses the same data.
put_bench_prepare() {
    local rows=$1
    clickhouse_external && die "bench put loads the local stack's ClickHouse (clickhouse-client over its TCP port); unset CLICKHOUSE_URL"
    clickhouse_start
    find_java
    log "bench put: building the benchmark (nifi-spotlight-benchmarks)"
    mvnw -q install -DskipTests -DskipITs=true -pl nifi-spotlight-benchmarks -am || die "the benchmark did not build"

    local module=$SPOTLIGHT_ROOT/nifi-spotlight-benchmarks
    PUT_BENCH_CLASSPATH="$module/target/classes:$(<"$module/target/benchmark.classpath"):$module/target/dbcp-service-nar/META-INF/bundled-dependencies/*"
    PUT_BENCH_DATA=$SPOTLIGHT_HOME/bench/trades-$rows.jsonl
    PUT_BENCH_CHUNKS=${PUT_BENCH_DATA%.jsonl}.flowfiles
    mkdir -p "$SPOTLIGHT_HOME/bench"
    if [ ! -s "$PUT_BENCH_DATA" ] || [ ! -d "$PUT_BENCH_CHUNKS" ]; then
        log "bench put: writing $rows trade-shaped records to $PUT_BENCH_DATA, and FlowFile contents of 10,000 records to $PUT_BENCH_CHUNKS"
        "$JAVA_HOME/bin/java" -cp "$PUT_BENCH_CLASSPATH" org.spotlight.bench.PutBenchmark generate \
            "$(put_bench_shared_data)/congress/senate_stock_watcher/all_transactions.json" "$PUT_BENCH_DATA.tmp" "$rows" \
            && mv "$PUT_BENCH_DATA.tmp" "$PUT_BENCH_DATA"
        rm -rf "$PUT_BENCH_CHUNKS" && mkdir -p "$PUT_BENCH_CHUNKS" && split -l 10000 -d -a 6 "$PUT_BENCH_DATA" "$PUT_BENCH_CHUNKS/flowfile-"
    fi
}

# ../shared/data beside the project, as the tests find it.
put_bench_shared_data() { (cd "$SPOTLIGHT_ROOT/../shared/data" 2>/dev/null && pwd) || die "../shared/data is missing beside the project"; }

put_bench_table() {
    local table=$1
    clickhouse_sql "DROP TABLE IF EXISTS \`$table\`" "$CLICKHOUSE_DATABASE" >/dev/null
    clickhouse_sql "CREATE TABLE \`$table\` (trade_id UInt64, member String, ticker String, asset_description String,
        transaction_type String, owner String, transaction_date Date, amount_min UInt64, amount_max UInt64)
        ENGINE = MergeTree ORDER BY (transaction_date, trade_id)" "$CLICKHOUSE_DATABASE" >/dev/null
}

# Checks a path's table against the row count and, unless the third argument is "count-only", against the content
# clickhouse-client stored in the same run; then drops it.
put_bench_check_count() {
    local table=$1 expected=$2 mode=${3:-content} count fingerprint reference=$SPOTLIGHT_HOME/bench/client-fingerprint.txt
    count=$(clickhouse_sql "SELECT count() FROM \`$table\`" "$CLICKHOUSE_DATABASE")
    [ "$count" = "$expected" ] || die "bench put: $table holds $count rows, expected $expected"
    if [ "$mode" = count-only ]; then
        clickhouse_sql "DROP TABLE \`$table\`" "$CLICKHOUSE_DATABASE" >/dev/null
        return
    fi
    fingerprint=$(clickhouse_sql "SELECT sum(cityHash64(trade_id, member, ticker, asset_description, transaction_type, owner,
        transaction_date, amount_min, amount_max)) FROM \`$table\`" "$CLICKHOUSE_DATABASE")
    # Callers run in command substitutions: (a)'s fingerprint is handed on in a file.
    if [ "$table" = put_bench_client ]; then
        echo "$fingerprint" >"$reference"
    elif [ -s "$reference" ] && [ "$fingerprint" != "$(<"$reference")" ]; then
        die "bench put: $table does not hold the rows clickhouse-client stored (content hash $fingerprint, expected $(<"$reference"))"
    fi
    clickhouse_sql "DROP TABLE \`$table\`" "$CLICKHOUSE_DATABASE" >/dev/null
}

# (a): prints "rows_per_s=<n> client_cpu_s=<s> server_cpu_s=<s>" for clickhouse-client inserting the whole file.
put_bench_client() {
    local data=$1 rows=$2 started elapsed server_ticks client_cpu timing=$SPOTLIGHT_HOME/bench/client-cpu.txt TIMEFORMAT='%U %S'
    put_bench_table put_bench_client
    server_ticks=$(put_bench_server_ticks)
    started=$(date +%s%N)
    # bash's time keyword reports the client's own CPU time (user, system); the server's comes from /proc.
    # The user and password in a file of mode 600, not on clickhouse-client's command line.
    clickhouse_client_config "$SPOTLIGHT_HOME/bench/clickhouse-client.xml"
    { time clickhouse-client --config-file "$SPOTLIGHT_HOME/bench/clickhouse-client.xml" --host 127.0.0.1 --port "$CLICKHOUSE_TCP_PORT" \
        --database "$CLICKHOUSE_DATABASE" --query 'INSERT INTO put_bench_client FORMAT JSONEachRow' < "$data" 2>>"$SPOTLIGHT_LOGS/bench-put.log"; } \
        2>"$timing" || die "bench put: clickhouse-client failed; see $SPOTLIGHT_LOGS/bench-put.log"
    client_cpu=$(<"$timing")
    elapsed=$(( $(date +%s%N) - started ))
    server_ticks=$(( $(put_bench_server_ticks) - server_ticks ))
    put_bench_check_count put_bench_client "$rows"
    awk -v rows="$rows" -v ns="$elapsed" -v cpu="$client_cpu" -v ticks="$server_ticks" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { split(cpu, c, " "); printf "rows_per_s=%d client_cpu_s=%.2f server_cpu_s=%.2f\n", rows / (ns / 1e9), c[1] + c[2], ticks / hz }'
}

# The ClickHouse server's CPU time so far, in clock ticks (utime + stime; the name field may hold spaces).
put_bench_server_ticks() {
    local pid stat
    pid=$(service_pid clickhouse) || die "bench put: ClickHouse is not running"
    stat=$(<"/proc/$pid/stat")
    awk '{ print $12 + $13 }' <<<"${stat##*) }"
}

# (b) and (c): prints the Java half's result line.
put_bench_nifi() {
    local mode=$1 heap=$2 classpath=$3 chunks=$4 rows=$5 threads=$6 line
    put_bench_table "bench_put_$mode"
    put_bench_table "bench_put_${mode}_warmup"
    line=$(BENCH_THREADS=$threads put_bench_java "$heap" "$classpath" "$mode" "$chunks" "bench_put_$mode" "bench_put_${mode}_warmup")
    [[ $line == rows=* ]] || die "bench put: the $mode run failed; see $SPOTLIGHT_LOGS/bench-put.log"
    put_bench_check_count "bench_put_$mode" "$rows"
    clickhouse_sql "DROP TABLE \`bench_put_${mode}_warmup\`" "$CLICKHOUSE_DATABASE" >/dev/null
    echo "$line"
}

# Runs PutBenchmark with a heap limit and arguments; prints its last line (the result), its log goes to bench-put.log.
put_bench_java() {
    local heap=$1 classpath=$2
    BENCH_PDR_BATCH=${BENCH_PDR_BATCH:-1000} BENCH_SERVER_PID=$(service_pid clickhouse) BENCH_CLK_TCK=$(getconf CLK_TCK) \
        "$JAVA_HOME/bin/java" "$heap" -XX:+UseG1GC -cp "$classpath" org.spotlight.bench.PutBenchmark "${@:3}" \
        2>>"$SPOTLIGHT_LOGS/bench-put.log" | tail -n 1
}

put_bench_field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

put_bench_median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
