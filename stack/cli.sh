# shellcheck shell=bash
# The Java command-line tools (./spotlight fetch, ./spotlight bench fetch: the spotlight-tools module): plain main
# classes run on a classpath resolved by Maven once, and again only when the sources or poms change, so that a
# command starts in about a second.

# Prints the classpath of a module (default: the processors module, whose compile scope includes the provided NiFi and
# service APIs) and builds it first when its sources, or those of the modules it depends on, changed since the last build.
cli_classpath() {
    local name=${1:-nifi-spotlight-processors} scope=${2:-compile}
    local module=$SPOTLIGHT_ROOT/$name
    local classpath_file=$module/target/spotlight-cli.classpath
    local stamp=$module/target/spotlight-cli.stamp
    find_java
    if [ ! -f "$classpath_file" ] || [ ! -f "$stamp" ] || [ -n "$(find "$SPOTLIGHT_ROOT"/nifi-spotlight-*/src/main "$SPOTLIGHT_ROOT"/nifi-spotlight-*/pom.xml \
            "$SPOTLIGHT_ROOT"/spotlight-core/src/main "$SPOTLIGHT_ROOT"/spotlight-core/pom.xml \
            "$SPOTLIGHT_ROOT"/spotlight-tools/src/main "$SPOTLIGHT_ROOT"/spotlight-tools/pom.xml \
            "$SPOTLIGHT_ROOT/pom.xml" -newer "$stamp" -print -quit)" ]; then
        log "building $name for the command line (first use, or sources changed)"
        (cd "$SPOTLIGHT_ROOT" && mvnw -q -pl "$name" -am -Dmaven.test.skip=true install dependency:build-classpath \
            -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope="$scope") >&2 \
            || die "could not build $name (see the Maven output above)"
        touch "$stamp"
    fi
    printf '%s:%s' "$module/target/classes" "$(cat "$classpath_file")"
}

# Runs a main class of the tools module; NiFi's logging binding is absent outside NiFi, so SLF4J stays silent.
cli_java() {
    local main=$1; shift
    local classpath
    find_java
    classpath=$(cli_classpath spotlight-tools runtime)
    "$JAVA_HOME/bin/java" ${SPOTLIGHT_CLI_JAVA_OPTS:-} -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
        -Dslf4j.internal.verbosity=WARN -cp "$classpath" "$main" "$@"
}

congress_fetch() {
    cli_java org.spotlight.tools.fetch.FetchCommand "$@"
}

# Runs a main class of the flows module (flow definitions, the local pipeline, the demo).
flows_java() {
    local main=$1; shift
    local classpath
    find_java
    classpath=$(cli_classpath nifi-spotlight-flows runtime)
    "$JAVA_HOME/bin/java" ${SPOTLIGHT_CLI_JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" "$main" "$@"
}
