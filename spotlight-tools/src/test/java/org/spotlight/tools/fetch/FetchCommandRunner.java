package org.spotlight.tools.fetch;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Runs {@code spotlight fetch} in-process for tests elsewhere, and returns its JSON Lines. */
public final class FetchCommandRunner {

    private FetchCommandRunner() {
    }

    /** The JSON Lines the command writes; fails with its stderr when it exits with an error. */
    public static List<String> jsonLines(final String... args) {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final int exit = FetchCommand.run(args, stdout, new PrintStream(stderr, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("spotlight fetch exited " + exit + ": " + stderr.toString(StandardCharsets.UTF_8));
        }
        return Arrays.stream(stdout.toString(StandardCharsets.UTF_8).split("\n")).filter(line -> !line.isBlank()).toList();
    }
}
