# shellcheck shell=bash
# The Java command-line tools of the processors module (./spotlight fetch, ./spotlight bench fetch): plain main
# classes run on a classpath resolved by Maven once, and again only when the sources or poms change, so that a
# command starts in about a second.

cli_classpath() {
    local module=$SPOTLIGHT_ROOT/nifi-spotlight-processors
    local classpath_file=$module/target/spotlight-cli.classpath
    local stamp=$module/target/spotlight-cli.stamp
    find_java
    if [ ! -f "$classpath_file" ] || [ ! -f "$stamp" ] || [ -n "$(find "$module/src/main" "$module/pom.xml" \
            "$SPOTLIGHT_ROOT/pom.xml" "$SPOTLIGHT_ROOT/nifi-spotlight-services-api" -newer "$stamp" -not -path '*/target/*' -print -quit)" ]; then
        log "building the processors module for the command line (first use, or sources changed)"
        (cd "$SPOTLIGHT_ROOT" && mvnw -q -pl nifi-spotlight-processors -am -Dmaven.test.skip=true package dependency:build-classpath \
            -Dmdep.outputFile=target/spotlight-cli.classpath -Dmdep.includeScope=compile) >&2 \
            || die "could not build the processors module (see the Maven output above)"
        touch "$stamp"
    fi
    printf '%s:%s' "$module/target/classes" "$(cat "$classpath_file")"
}

# Runs a main class of the processors module; NiFi's logging binding is absent outside NiFi, so SLF4J stays silent.
cli_java() {
    local main=$1; shift
    local classpath
    find_java
    classpath=$(cli_classpath)
    "$JAVA_HOME/bin/java" ${SPOTLIGHT_CLI_JAVA_OPTS:-} -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
        -Dslf4j.internal.verbosity=WARN -cp "$classpath" "$main" "$@"
}

congress_fetch() {
    cli_java org.spotlight.congress.cli.FetchCommand "$@"
}
