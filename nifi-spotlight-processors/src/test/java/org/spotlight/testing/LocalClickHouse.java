package org.spotlight.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the local stack's own ClickHouse, through the same {@code ./spotlight down|up <service>} a developer
 * would use (pid file, graceful stop, health check), for tests of what happens while the server is away. The service
 * is the one the tests run against: {@code clickhouse} (18.16), or the one SPOTLIGHT_CLICKHOUSE_SERVICE names
 * ({@code clickhouse-modern}, the 26.x engine, in the second integration-test run).
 */
public final class LocalClickHouse {

    private LocalClickHouse() {
    }

    /** The stack service behind CLICKHOUSE_URL. */
    public static String service() {
        return System.getenv().getOrDefault("SPOTLIGHT_CLICKHOUSE_SERVICE", "clickhouse");
    }

    /** Whether the ClickHouse the tests use is the one this stack runs (an external server cannot be stopped from here). */
    public static boolean isLocalStack() {
        final String port = System.getenv(service().equals("clickhouse") ? "CLICKHOUSE_HTTP_PORT" : "CLICKHOUSE_MODERN_HTTP_PORT");
        return port != null && LocalStack.clickHouseUrl().equals("http://127.0.0.1:" + port);
    }

    public static void stop() {
        spotlight("down", service());
        if (answers()) {
            throw new IllegalStateException("ClickHouse still answers after ./spotlight down " + service());
        }
    }

    /** Starts ClickHouse and waits until it answers; safe to call when it is running already. */
    public static void start() {
        spotlight("up", service());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!answers()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ClickHouse did not answer within 60 s of ./spotlight up " + service());
            }
            sleep(200);
        }
    }

    public static boolean answers() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            final HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(LocalStack.clickHouseUrl() + "/ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (final IOException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void spotlight(final String... arguments) {
        final Path root = SharedData.projectRoot();
        final String[] command = new String[arguments.length + 1];
        command[0] = root.resolve("spotlight").toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        try {
            final Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
            }
        } catch (final IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
