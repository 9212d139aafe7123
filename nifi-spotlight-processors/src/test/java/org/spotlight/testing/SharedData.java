package org.spotlight.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real disclosure files in ../shared/data beside the project (CI has them too). Tests read them in place;
 * they are never copied into the project.
 */
public final class SharedData {

    private SharedData() {
    }

    /** The project root: the parent of the module directory Maven runs tests in. */
    public static Path projectRoot() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    }

    /** A path under ../shared/data, which must exist. */
    public static Path path(final String relative) {
        final Path path = projectRoot().resolveSibling("shared").resolve("data").resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist: the shared data directory must sit beside the project (../shared/data)");
        }
        return path;
    }
}
