package org.spotlight.chdb;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts the engine and the HTTP front: {@code java --enable-native-access=ALL-UNNAMED -jar spotlight-chdb-http.jar
 * <settings file>}. The settings file (readable by its owner only: it names the password's hash) holds:
 * <pre>
 * library=/path/to/libchdb.so         the engine
 * path=/path/to/data                  the engine's data directory
 * config_file=/path/to/config.xml     optional: ClickHouse configuration (config.d/ beside it is merged in)
 * listen_host=127.0.0.1               loopback unless told otherwise
 * port=18124
 * user=spotlight
 * password_sha256_hex=...             SHA-256 of the password, as in a ClickHouse users.xml
 * threads=8                           requests served at once
 * display_name=spotlight-clickhouse-modern
 * max_query_bytes=16777216            the largest query text read whole (INSERT data streams past it)
 * </pre>
 */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java --enable-native-access=ALL-UNNAMED -jar spotlight-chdb-http.jar <settings file>");
            System.exit(2);
        }
        final Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            settings.load(in);
        }
        final Path library = Path.of(required(settings, "library"));
        final Path data = Path.of(required(settings, "path"));
        final String configFile = settings.getProperty("config_file", "");
        final Credentials credentials = Credentials.of(required(settings, "user"), required(settings, "password_sha256_hex"));
        final InetAddress host = InetAddress.getByName(settings.getProperty("listen_host", "127.0.0.1"));
        final int port = Integer.parseInt(required(settings, "port"));
        final int threads = Integer.parseInt(settings.getProperty("threads", "8"));
        final int maxQueryBytes = Integer.parseInt(settings.getProperty("max_query_bytes", Integer.toString(16 * 1024 * 1024)));
        final String displayName = settings.getProperty("display_name", "chdb");

        Files.createDirectories(data);
        final ChdbEngine engine = new ChdbEngine(library, data, configFile.isEmpty() ? null : Path.of(configFile));
        final HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        final ExecutorService executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", new ClickHouseHttpHandler(engine, credentials, displayName, maxQueryBytes));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Requests in flight finish (up to 10 s); then the engine closes its boot connection.
            server.stop(10);
            executor.shutdown();
            engine.close();
            LOG.log(System.Logger.Level.INFO, "stopped");
        }, "shutdown"));
        server.start();
        LOG.log(System.Logger.Level.INFO, "ClickHouse " + engine.version() + " (chDB engine, time zone " + engine.timezone() + ") answers on http://"
                + host.getHostAddress() + ":" + server.getAddress().getPort() + " for user " + credentials.user());
    }

    private static String required(final Properties settings, final String name) throws IOException {
        final String value = settings.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IOException("the settings file has no " + name);
        }
        return value.strip();
    }
}
