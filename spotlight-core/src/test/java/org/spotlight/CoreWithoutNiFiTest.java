package org.spotlight;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The core is the domain without NiFi. The enforcer rule keeps NiFi off the core's classpath; this test also catches
 * what a classpath rule cannot: a reference to the NiFi adapters' packages, or to a client library that reached the
 * classpath through another dependency.
 */
class CoreWithoutNiFiTest {

    /** Packages the core's sources must not name: NiFi itself, Spotlight's NiFi adapters, the client libraries. */
    private static final Pattern FORBIDDEN = Pattern.compile("\\b(org\\.apache\\.nifi|org\\.spotlight\\.nifi|com\\.clickhouse|io\\.minio)\\.");

    @Test
    void noSourceOfTheCoreNamesNiFiOrAClientLibrary() throws IOException {
        final Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources), "run from the spotlight-core module: " + sources.toAbsolutePath());
        final List<String> offences;
        try (Stream<Path> files = Files.walk(sources)) {
            offences = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> offences(sources, file))
                    .toList();
        }
        assertEquals(List.of(), offences);
    }

    @Test
    void theCheckRecognisesAnImport() {
        assertTrue(FORBIDDEN.matcher("import org.apache.nifi.processor.exception.ProcessException;").find());
        assertTrue(FORBIDDEN.matcher("import org.spotlight.nifi.SpotlightAttributes;").find());
        assertTrue(FORBIDDEN.matcher("new com.clickhouse.client.api.Client.Builder()").find());
        assertTrue(!FORBIDDEN.matcher("import org.spotlight.clickhouse.client.ClickHouseClient;").find());
    }

    private static Stream<String> offences(final Path root, final Path file) {
        try {
            final List<String> lines = Files.readAllLines(file);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> FORBIDDEN.matcher(lines.get(i)).find())
                    .mapToObj(i -> root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
