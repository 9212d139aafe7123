package org.spotlight;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No package of Spotlight's production code depends on a package that depends back on it, directly or round a longer
 * circle: the folder tree reads as layers, and a package can be understood, tested and moved with what it uses only.
 * Read from the compiled classes of the main code on the test classpath (this module's and the modules it uses).
 */
class PackageCyclesTest {

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.spotlight");

    @Test
    void theCodeIsThere() {
        // A rule over no classes passes whatever the code is: make sure the import found the main code.
        assertTrue(MAIN_CLASSES.containPackage("org.spotlight.clickhouse.insert"), "the main classes were not found");
        assertTrue(MAIN_CLASSES.containPackage("org.spotlight.nifi.processors.clickhouse"), "the main classes were not found");
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.spotlight.(**)").should().beFreeOfCycles().check(MAIN_CLASSES);
    }
}
