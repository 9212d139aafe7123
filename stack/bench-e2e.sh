# shellcheck shell=bash
# ./spotlight bench e2e: 1,000,000 trade-shaped records from a Kafka topic through the shipped kafka-to-clickhouse flow in
# the real NiFi 2.3.0 (ConsumeKafka's stand-in consuming the local broker and handing the flow ConsumeKafka's FlowFiles,
# InferSchemaAndCast, PutClickHouseBatch creating its own table), next to PutClickHouseBatch in a nifi-mock TestRunner on
# the same records in FlowFiles of 10,000 (bench put's (b)), in one run. Prints both and a RESULT line.

bench_e2e() {
    local rows=1000000 threads=2 partitions=1
    while [ $# -gt 0 ]; do
        case $1 in
            --rows) rows=$2; shift 2 ;;
            --partitions) partitions=$2; shift 2 ;;
            -h|--help) echo "Usage: ./spotlight bench e2e [--rows N] [--partitions N]"; return 0 ;;
            *) die "unknown option '$1' (usage: ./spotlight bench e2e [--rows N] [--partitions N])" ;;
        esac
    done
    put_bench_prepare "$rows"
    build_nars
    stack_up clickhouse kafka s3 nifi >/dev/null

    local mock real
    mock=$(put_bench_nifi spotlight -Xmx256m "$PUT_BENCH_CLASSPATH" "$PUT_BENCH_CHUNKS" "$rows" "$threads")
    log "bench e2e: nifi-mock PutClickHouseBatch: $mock"
    # The flow creates its table from the typed records, as it does in production (keyed by trade_id: the benchmark's
    # records have no trade_key).
    local table
    for table in bench_e2e bench_e2e_failures; do
        clickhouse_sql "DROP TABLE IF EXISTS $table" "$CLICKHOUSE_DATABASE" >/dev/null
    done
    real=$(flows_java org.spotlight.flows.local.EndToEndBenchmark --flows "$SPOTLIGHT_ROOT/flows" --chunks "$PUT_BENCH_CHUNKS" \
        --table bench_e2e --partitions "$partitions" | tail -n 1)
    [[ $real == rows=* ]] || die "bench e2e: the NiFi run failed: $real"
    log "bench e2e: Kafka → NiFi 2.3.0 (ConsumeKafka stand-in, InferSchemaAndCast, PutClickHouseBatch): $real"
    # Rows only: the flow's table has the types InferSchemaAndCast inferred (Nullable columns, Decimal amounts, the tickers
    # '--' and 'N/A' as NULL), not those of bench put's table.
    put_bench_check_count bench_e2e "$rows" count-only
    printf 'nifi-mock PutClickHouseBatch: %s rows/s; Kafka → real NiFi (ConsumeKafka stand-in, InferSchemaAndCast, PutClickHouseBatch): %s rows/s, p50 %s ms, p99 %s ms per 10,000 records, %s FlowFiles, harness CPU %s s\n' \
        "$(put_bench_field rows_per_s "$mock")" "$(put_bench_field rows_per_s "$real")" \
        "$(put_bench_field p50_latency_ms "$real")" "$(put_bench_field p99_latency_ms "$real")" \
        "$(put_bench_field flowfiles "$real")" "$(put_bench_field harness_cpu_s "$real")"
    awk -v real="$(put_bench_field rows_per_s "$real")" -v mock="$(put_bench_field rows_per_s "$mock")" -v p99="$(put_bench_field p99_latency_ms "$real")" \
        'BEGIN { printf "RESULT e2e rows_per_s=%d vs_nifi_mock=%.2f p99_latency_ms=%d\n", real, real / mock, p99 }'
}
