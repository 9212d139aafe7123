package org.spotlight.flows;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What goes into the NARs decides whether they load in NiFi: the framework's own API jars must come from NiFi,
 * and the parent chain must end in NiFi's standard services API NAR.
 */
class NarContentsIT {

    @Test
    void neitherNarBundlesNiFiApiOrSlf4j() throws Exception {
        for (Path nar : List.of(BuiltNars.spotlightNar(), BuiltNars.servicesApiNar())) {
            final List<String> forbidden = BuiltNars.entries(nar).stream()
                    .filter(entry -> entry.startsWith("META-INF/bundled-dependencies/"))
                    .map(entry -> entry.substring("META-INF/bundled-dependencies/".length()))
                    .filter(jar -> jar.startsWith("nifi-api-") || jar.startsWith("slf4j-") || jar.startsWith("logback-")
                            || jar.startsWith("commons-logging-") || jar.startsWith("jcl-over-slf4j-")
                            || jar.startsWith("nifi-framework-api-") || jar.startsWith("nifi-record-") || jar.startsWith("nifi-ssl-context-service-api-"))
                    .toList();
            assertEquals(List.of(), forbidden, nar.getFileName() + " must not bundle jars that NiFi or a parent NAR provides");
        }
    }

    @Test
    void narChainEndsInNiFisStandardServicesApi() throws Exception {
        final Attributes spotlight = BuiltNars.manifest(BuiltNars.spotlightNar()).getMainAttributes();
        assertEquals("org.spotlight", spotlight.getValue("Nar-Dependency-Group"));
        assertEquals("nifi-spotlight-services-api-nar", spotlight.getValue("Nar-Dependency-Id"));
        assertEquals(spotlight.getValue("Nar-Version"), spotlight.getValue("Nar-Dependency-Version"));

        final Attributes api = BuiltNars.manifest(BuiltNars.servicesApiNar()).getMainAttributes();
        assertEquals("org.apache.nifi", api.getValue("Nar-Dependency-Group"));
        assertEquals("nifi-standard-services-api-nar", api.getValue("Nar-Dependency-Id"));
        assertEquals("2.3.0", api.getValue("Nar-Dependency-Version"));
    }

    @Test
    void apiNarCarriesTheCoreAndNoClientLibrary() throws Exception {
        final List<String> api = bundled(BuiltNars.servicesApiNar());
        for (String jar : List.of("nifi-spotlight-services-api-", "spotlight-core-")) {
            assertTrue(api.stream().anyMatch(entry -> entry.startsWith(jar)), jar + "*.jar is missing from " + BuiltNars.servicesApiNar().getFileName());
        }
        assertEquals(List.of(), api.stream().filter(jar -> jar.startsWith("client-v2-") || jar.startsWith("minio-")).toList(),
                "the service API speaks Spotlight's own types: the client libraries belong to the service implementations");
        final List<String> spotlight = bundled(BuiltNars.spotlightNar());
        assertEquals(List.of(), spotlight.stream().filter(jar -> jar.startsWith("nifi-spotlight-services-api-") || jar.startsWith("spotlight-core-")).toList(),
                "a second copy of the API or the core in the child NAR would split their types across class loaders");
    }

    @Test
    void theControllerServicesStayInTheProcessorsNarWithTheirClients() throws Exception {
        final List<String> spotlight = bundled(BuiltNars.spotlightNar());
        for (String jar : List.of("nifi-spotlight-services-", "client-v2-", "minio-")) {
            assertTrue(spotlight.stream().anyMatch(entry -> entry.startsWith(jar)), jar + "*.jar is missing from " + BuiltNars.spotlightNar().getFileName());
        }
        // Flows name the services by class and by this NAR's coordinates: both must stay as they were.
        final List<String> types = BuiltNars.extensions(BuiltNars.spotlightNar()).stream().map(BuiltNars.Extension::type).toList();
        assertTrue(types.containsAll(List.of("org.spotlight.nifi.service.clickhouse.StandardClickHouseConnectionService",
                "org.spotlight.nifi.service.storage.S3ObjectStorageService")), types.toString());
    }

    private static List<String> bundled(final Path nar) throws Exception {
        return BuiltNars.entries(nar).stream()
                .filter(entry -> entry.startsWith("META-INF/bundled-dependencies/"))
                .map(entry -> entry.substring("META-INF/bundled-dependencies/".length()))
                .toList();
    }

    @Test
    void processorsNarCarriesTheLibrariesItsCodeNeeds() throws Exception {
        final List<String> entries = BuiltNars.entries(BuiltNars.spotlightNar());
        for (String library : List.of("nifi-spotlight-processors-", "okhttp-jvm-", "jackson-databind-", "jackson-core-",
                "pdfbox-", "fontbox-", "jsoup-", "jackson-dataformat-yaml-", "snakeyaml-")) {
            assertTrue(entries.stream().anyMatch(entry -> entry.startsWith("META-INF/bundled-dependencies/" + library)),
                    library + "*.jar is missing from " + BuiltNars.spotlightNar().getFileName());
        }
    }

    @Test
    void bytecodeTargetsJava21() throws Exception {
        assertEquals("21", BuiltNars.manifest(BuiltNars.spotlightNar()).getMainAttributes().getValue("Java-Version"));
    }

    @Test
    void everyComponentHasAdditionalDetails() throws Exception {
        final List<String> entries = BuiltNars.entries(BuiltNars.spotlightNar());
        final List<BuiltNars.Extension> extensions = BuiltNars.extensions(BuiltNars.spotlightNar());
        assertFalse(extensions.isEmpty());
        for (BuiltNars.Extension extension : extensions) {
            assertTrue(entries.contains("META-INF/docs/additional-details/" + extension.type() + "/additionalDetails.md"),
                    extension.type() + " has no additionalDetails.md");
        }
    }
}
