package org.spotlight.flows;

import org.spotlight.flows.local.LocalPipeline;
import org.spotlight.flows.local.NiFiApi;

import java.nio.charset.StandardCharsets;

/**
 * The local stack as the integration tests see it: its settings (exported by ./spotlight test) and its NiFi with
 * this build's NARs installed, the way operators install them (./spotlight deploy, NiFi's NAR Manager).
 */
final class TestStack {

    private static boolean deployed;

    private TestStack() {
    }

    static LocalPipeline.Stack settings() {
        return LocalPipeline.Stack.fromEnvironment();
    }

    static synchronized NiFiApi nifiWithSpotlight() throws Exception {
        final NiFiApi nifi = new NiFiApi(settings().nifiUrl());
        if (!deployed) {
            final Process process = new ProcessBuilder(BuiltNars.PROJECT_ROOT.resolve("spotlight").toString(), "deploy")
                    .redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new AssertionError("./spotlight deploy failed:\n" + output);
            }
            deployed = true;
        }
        return nifi;
    }
}
