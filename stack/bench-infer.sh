# shellcheck shell=bash
# ./spotlight bench infer: InferSchemaAndCast against ConvertRecord (JsonTreeReader "Infer Schema"), both in nifi-mock.
# The benchmark lives in the processors' test classes: it is neither in the NAR nor in the test run.

BENCH_INFER_HEAP=${BENCH_INFER_HEAP:-512m}

bench_infer() {
    local records=${1:-1000000} batch=${2:-10000} module=$SPOTLIGHT_ROOT/nifi-spotlight-processors classpath
    local data=$SPOTLIGHT_ROOT/../shared/data/congress/senate_stock_watcher/all_transactions.json
    [ -f "$data" ] || die "bench infer needs $data (the shared data beside the project)"
    classpath=$SPOTLIGHT_HOME/bench-infer.classpath
    log "compiling the processors and their test classes (no tests run, nothing installed)"
    # One reactor build, so that the services API comes from this checkout rather than from the local repository.
    mvnw -q -ntp test-compile dependency:build-classpath -pl nifi-spotlight-processors -am \
        -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
    log "bench infer: $records records in FlowFiles of $batch, JVM heap $BENCH_INFER_HEAP"
    "$JAVA_HOME/bin/java" -Xms"$BENCH_INFER_HEAP" -Xmx"$BENCH_INFER_HEAP" -XX:+UseG1GC \
        -cp "$module/target/test-classes:$module/target/classes:$(<"$classpath")" \
        org.spotlight.bench.InferBenchmark "$data" "$records" "$batch"
}
