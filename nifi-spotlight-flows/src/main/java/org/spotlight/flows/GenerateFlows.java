package org.spotlight.flows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes Spotlight's flow definitions into a flows directory ({@code ./spotlight flows} runs it on {@code flows/}).
 * Edit SpotlightFlows, run this, review the JSON diff, commit both.
 */
public final class GenerateFlows {

    private GenerateFlows() {
    }

    public static void main(final String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: GenerateFlows <flows directory>");
            System.exit(1);
        }
        final Path flows = Path.of(args[0]);
        for (var entry : SpotlightFlows.all().entrySet()) {
            final Path file = FlowSnapshots.file(flows, entry.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, FlowSnapshots.toJson(entry.getValue()), StandardCharsets.UTF_8);
            System.err.println("wrote " + file);
        }
    }
}
