# shellcheck shell=bash
# ./spotlight bench fetch: FetchCongressTrades' House PTR parser over the shared PTR PDFs (the 81-page one among them).
# Runs org.spotlight.tools.bench.HousePtrParserBenchmark on the command-line classpath of stack/cli.sh.

bench_fetch() {
    local data=${SPOTLIGHT_BENCH_DATA:-$SPOTLIGHT_ROOT/../shared/data/congress/house_ptr_pdfs}
    [ -d "$data" ] || die "no PTR PDFs at $data (set SPOTLIGHT_BENCH_DATA)"
    SPOTLIGHT_CLI_JAVA_OPTS="${SPOTLIGHT_CLI_JAVA_OPTS:--Xmx512m}" cli_java org.spotlight.tools.bench.HousePtrParserBenchmark --dir "$data" "$@"
}
