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
    void apiNarCarriesTheClickHouseClientAndProcessorsNarDoesNot() throws Exception {
        assertTrue(BuiltNars.entries(BuiltNars.servicesApiNar()).stream().anyMatch(entry -> entry.contains("/client-v2-")));
        assertFalse(BuiltNars.entries(BuiltNars.spotlightNar()).stream().anyMatch(entry -> entry.contains("/client-v2-")),
                "a second copy of client-v2 in the child NAR would split the API types across class loaders");
    }

    @Test
    void processorsNarCarriesTheLibrariesItsCodeNeeds() throws Exception {
        final List<String> entries = BuiltNars.entries(BuiltNars.spotlightNar());
        for (String library : List.of("nifi-spotlight-processors-", "minio-", "okhttp-jvm-", "jackson-databind-", "jackson-core-",
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
