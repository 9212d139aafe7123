# shellcheck shell=bash
# ./spotlight bench e2e: 1,000,000 trade-shaped records from a Kafka topic through the shipped kafka-to-clickhouse flow in
# the real NiFi 2.3.0 (ConsumeKafka's stand-in consuming the local broker and handing the flow ConsumeKafka's FlowFiles,
# InferSchemaAndCast, PutClickHouseBatch creating its own table), next to PutClickHouseBatch in a nifi-mock TestRunner on
# the same records in FlowFiles of 10,000 (bench put's (b)), in one run. Prints both and a RESULT line.
# --hostile 1% also measures, in the same NiFi right after, a second topic of the same records with 1% of them hostile
# (values and messages that must fail alone: see HostileRecords), and prints a second RESULT line: its records/s against the
# clean stream's rows/s, and the records in against rows + stored failures.

bench_e2e() {
    local rows=1000000 threads=2 partitions=1 hostile=0 usage="./spotlight bench e2e [--rows N] [--partitions N] [--hostile SHARE, e.g. 1%]"
    while [ $# -gt 0 ]; do
        case $1 in
            --rows) rows=$2; shift 2 ;;
            --partitions) partitions=$2; shift 2 ;;
            --hostile) hostile=$2; shift 2 ;;
            -h|--help) echo "Usage: $usage"; return 0 ;;
            *) die "unknown option '$1' (usage: $usage)" ;;
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
    for table in bench_e2e bench_e2e_hostile bench_e2e_failures; do
        clickhouse_sql "DROP TABLE IF EXISTS $table" "$CLICKHOUSE_DATABASE" >/dev/null
    done
    real=$(flows_java org.spotlight.flows.local.EndToEndBenchmark --flows "$SPOTLIGHT_ROOT/flows" --chunks "$PUT_BENCH_CHUNKS" \
        --table bench_e2e --partitions "$partitions" --hostile "$hostile" | tail -n 1)
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
    if [[ $real == *hostile_records=* ]]; then
        local records hostile_rows failures
        records=$(put_bench_field hostile_records "$real"); hostile_rows=$(put_bench_field hostile_rows "$real")
        failures=$(put_bench_field hostile_failures "$real")
        # The benchmark waits for exactly this; checked again from the tables themselves.
        [ "$(clickhouse_sql "SELECT count() FROM bench_e2e_hostile" "$CLICKHOUSE_DATABASE")" = "$hostile_rows" ] \
            || die "bench e2e: bench_e2e_hostile does not hold the $hostile_rows rows the benchmark counted"
        [ $(( hostile_rows + failures )) = "$records" ] || die "bench e2e: $records records in, but $hostile_rows rows + $failures stored failures"
        clickhouse_sql "DROP TABLE IF EXISTS bench_e2e_hostile" "$CLICKHOUSE_DATABASE" >/dev/null
        printf 'hostile stream (%s of the records hostile): %s records/s (%s rows + %s stored failures = %s records in), p99 %s ms per 10,000 records\n' \
            "$hostile" "$(put_bench_field hostile_records_per_s "$real")" "$hostile_rows" "$failures" "$records" "$(put_bench_field hostile_p99_latency_ms "$real")"
        awk -v clean="$(put_bench_field rows_per_s "$real")" -v attacked="$(put_bench_field hostile_records_per_s "$real")" \
            -v records="$records" -v rows="$hostile_rows" -v failures="$failures" \
            'BEGIN { printf "RESULT e2e-hostile records_per_s=%d vs_clean=%.2f records=%d rows=%d stored_failures=%d\n", attacked, attacked / clean, records, rows, failures }'
    fi
}
