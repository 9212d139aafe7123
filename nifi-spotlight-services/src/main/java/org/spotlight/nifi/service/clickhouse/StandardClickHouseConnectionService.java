package org.spotlight.nifi.service.clickhouse;

import org.apache.nifi.annotation.behavior.DynamicProperty;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.ssl.SSLContextProvider;
import org.spotlight.clickhouse.ClickHouseIdentifiers;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.clickhouse.client.ClickHouseQueryResult;
import org.spotlight.clickhouse.client.ClickHouseServerInfo;
import org.spotlight.clickhouse.http.ClickHouseCompression;
import org.spotlight.clickhouse.http.ClickHouseConnection;
import org.spotlight.nifi.services.clickhouse.ClickHouseConnectionService;
import org.spotlight.nifi.services.clickhouse.ClickHouseSettingProperties;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

@Tags({"clickhouse", "database", "connection", "http", "olap", "spotlight"})
@CapabilityDescription("Connects Spotlight processors to ClickHouse over HTTP with the official Java client (client-v2). "
        + "Several URLs give failover between replicas. The server's version and capabilities (insert deduplication "
        + "tokens, async_insert, binary formats, S3 disks ...) are detected on first use, so processors use modern "
        + "features where the server has them and fall back where it does not; servers from 18.16 on are supported.")
@DynamicProperty(name = "The name of a ClickHouse setting", value = "The setting's value",
        expressionLanguageScope = ExpressionLanguageScope.ENVIRONMENT,
        description = "Sent with every request this service makes, e.g. max_insert_block_size = 1048576. "
                + "Verification checks that the server knows each setting.")
public class StandardClickHouseConnectionService extends AbstractControllerService
        implements ClickHouseConnectionService, VerifiableControllerService {

    static final Validator URL_LIST_VALIDATOR = (subject, input, context) -> {
        if (context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
            return new ValidationResult.Builder().subject(subject).input(input).valid(true)
                    .explanation("Expression Language is evaluated when the service is enabled").build();
        }
        final List<String> problems = new ArrayList<>();
        final List<String> urls = splitUrls(input);
        if (urls.isEmpty()) {
            problems.add("at least one URL is required");
        }
        urls.forEach(url -> {
            final String problem = checkUrl(url);
            if (problem != null) {
                problems.add(problem);
            }
        });
        return new ValidationResult.Builder().subject(subject).input(input).valid(problems.isEmpty())
                .explanation(String.join("; ", problems)).build();
    };

    public static final PropertyDescriptor URLS = new PropertyDescriptor.Builder()
            .name("ClickHouse URLs")
            .description("Comma-separated HTTP(S) endpoints of the server or its replicas, e.g. "
                    + "http://clickhouse-1:8123, http://clickhouse-2:8123. Requests fail over to the next URL when one is unreachable.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(URL_LIST_VALIDATOR)
            .build();

    public static final PropertyDescriptor DATABASE = new PropertyDescriptor.Builder()
            .name("Database")
            .description("The database that unqualified table names refer to. It must exist; verification checks it.")
            .required(true)
            .defaultValue("default")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor USERNAME = new PropertyDescriptor.Builder()
            .name("Username")
            .description("The ClickHouse user.")
            .required(true)
            .defaultValue("default")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    public static final PropertyDescriptor PASSWORD = new PropertyDescriptor.Builder()
            .name("Password")
            .description("The user's password. Leave unset for a user without password.")
            .required(false)
            .sensitive(true)
            .addValidator(Validator.VALID)
            .build();

    public static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("Trust (and optionally client certificates) for https:// URLs. Without it the JVM's default trust store is used.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    public static final PropertyDescriptor CONNECT_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Connect Timeout")
            .description("How long to wait for a TCP connection to an endpoint before failing over to the next one.")
            .required(true)
            .defaultValue("10 secs")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor SOCKET_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Socket Timeout")
            .description("How long a request may wait for data from the server. Large inserts are acknowledged only once "
                    + "written, so keep this above the time the server needs for the biggest batch.")
            .required(true)
            .defaultValue("5 mins")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    public static final PropertyDescriptor COMPRESSION = new PropertyDescriptor.Builder()
            .name("Compression")
            .description("Compression of requests and responses.")
            .required(true)
            .allowableValues(Arrays.stream(ClickHouseCompression.values())
                    .map(value -> new AllowableValue(value.name(), value.displayName(), value.description()))
                    .toArray(AllowableValue[]::new))
            .defaultValue(ClickHouseCompression.AUTO.name())
            .build();

    public static final PropertyDescriptor MAX_CONNECTIONS = new PropertyDescriptor.Builder()
            .name("Max Connections")
            .description("The largest number of HTTP connections the service keeps open to ClickHouse.")
            .required(true)
            .defaultValue("10")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .build();

    static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(
            URLS, DATABASE, USERNAME, PASSWORD, SSL_CONTEXT_SERVICE, CONNECT_TIMEOUT, SOCKET_TIMEOUT, COMPRESSION, MAX_CONNECTIONS);

    static final String CLIENT_NAME = "Spotlight-NiFi";

    private volatile ClickHouseConnection connection;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    protected PropertyDescriptor getSupportedDynamicPropertyDescriptor(final String propertyDescriptorName) {
        return ClickHouseSettingProperties.dynamic(propertyDescriptorName, "ClickHouse setting sent with every request");
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        final String urls = context.getProperty(URLS).getValue();
        if (context.getProperty(SSL_CONTEXT_SERVICE).isSet() && urls != null && !context.isExpressionLanguagePresent(urls)
                && splitUrls(urls).stream().noneMatch(url -> url.regionMatches(true, 0, "https://", 0, 8))) {
            results.add(new ValidationResult.Builder().subject(SSL_CONTEXT_SERVICE.getDisplayName()).valid(false)
                    .explanation("an SSL Context Service is set but none of the ClickHouse URLs uses https").build());
        }
        return results;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        connection = new ClickHouseConnection(settingsOf(context));
        try {
            getLogger().info("Connected to {}", connection.getServerInfo().summary());
        } catch (final ClickHouseException e) {
            // Enabling still succeeds: processors route their FlowFiles to retry until the server answers.
            getLogger().warn("ClickHouse is not reachable yet; server capabilities will be detected on first use: {}", e.getMessage());
        }
    }

    @OnDisabled
    public void onDisabled() {
        final ClickHouseConnection current = connection;
        connection = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public String getDatabase() {
        return connection().getDatabase();
    }

    @Override
    public ClickHouseServerInfo getServerInfo() {
        return connection().getServerInfo();
    }

    @Override
    public void execute(final String sql, final Map<String, Object> settings) {
        connection().execute(sql, settings);
    }

    @Override
    public ClickHouseQueryResult query(final String sql, final Map<String, Object> settings) {
        return connection().query(sql, settings);
    }

    @Override
    public void query(final String sql, final String format, final Map<String, Object> settings, final ResultReader reader)
            throws IOException {
        connection().query(sql, format, settings, reader);
    }

    @Override
    public InsertSummary insert(final String table, final List<String> columns, final String format, final InsertWriter writer,
                                final Map<String, Object> settings, final String queryId) {
        return connection().insert(table, columns, format, writer, settings, queryId);
    }

    @Override
    public String getTransitUri(final String database, final String table) {
        final String endpoint = connection().endpoints().stream().sorted().findFirst().orElse("clickhouse:");
        final String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base + "/" + database + "/" + table;
    }

    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final ClickHouseConnection.Settings settings;
        try {
            settings = settingsOf(context);
        } catch (final RuntimeException e) {
            results.add(result("Configure client", Outcome.FAILED, "Invalid configuration: " + e.getMessage()));
            return results;
        }
        // The candidate leaves the server settings out: one unknown setting would fail every request, and is
        // reported by its own step instead.
        try (ClickHouseConnection candidate = new ClickHouseConnection(withoutServerSettings(settings))) {
            final ClickHouseServerInfo info;
            try {
                info = candidate.getServerInfo();
                results.add(result("Connect", Outcome.SUCCESSFUL,
                        "Connected to " + String.join(", ", settings.endpoints()) + " as user " + settings.username()));
            } catch (final ClickHouseException e) {
                verificationLogger.warn("ClickHouse connection check failed", e);
                results.add(result("Connect", Outcome.FAILED, e.getMessage()));
                results.add(result("Server version and capabilities", Outcome.SKIPPED, "not connected"));
                results.add(result("Database", Outcome.SKIPPED, "not connected"));
                results.add(result("Server settings", Outcome.SKIPPED, "not connected"));
                return results;
            }
            results.add(result("Server version and capabilities", Outcome.SUCCESSFUL, info.summary()
                    + (info.storagePolicies().isEmpty() ? "" : ", storage policies " + info.storagePolicies())));
            results.add(verifyDatabase(candidate, settings.database()));
            results.add(verifyServerSettings(candidate, settings.serverSettings().keySet()));
        }
        return results;
    }

    private static ClickHouseConnection.Settings withoutServerSettings(final ClickHouseConnection.Settings settings) {
        return new ClickHouseConnection.Settings(settings.endpoints(), settings.database(), settings.username(), settings.password(),
                settings.sslContext(), settings.connectTimeout(), settings.socketTimeout(), settings.compression(),
                settings.maxConnections(), Map.of(), settings.clientName());
    }

    private static ConfigVerificationResult verifyDatabase(final ClickHouseConnection candidate, final String database) {
        try {
            final ClickHouseQueryResult found = candidate.querySystem("SELECT name FROM system.databases WHERE name = "
                    + ClickHouseIdentifiers.literal(database));
            return found.isEmpty()
                    ? result("Database", Outcome.FAILED, "Database '" + database + "' does not exist (CREATE DATABASE "
                            + ClickHouseIdentifiers.quote(database) + " or change the Database property)")
                    : result("Database", Outcome.SUCCESSFUL, "Database '" + database + "' exists");
        } catch (final ClickHouseException e) {
            return result("Database", Outcome.FAILED, e.getMessage());
        }
    }

    private static ConfigVerificationResult verifyServerSettings(final ClickHouseConnection candidate, final Collection<String> names) {
        if (names.isEmpty()) {
            return result("Server settings", Outcome.SKIPPED, "no settings configured as dynamic properties");
        }
        try {
            final String inList = names.stream().map(ClickHouseIdentifiers::literal).collect(Collectors.joining(", ", "(", ")"));
            final List<String> known = candidate.querySystem("SELECT name FROM system.settings WHERE name IN " + inList).column("name");
            final TreeSet<String> unknown = new TreeSet<>(names);
            known.forEach(unknown::remove);
            return unknown.isEmpty()
                    ? result("Server settings", Outcome.SUCCESSFUL, "The server knows every configured setting: " + new TreeSet<>(names))
                    : result("Server settings", Outcome.FAILED, "The server does not know the settings " + unknown
                            + "; requests carrying them would fail");
        } catch (final ClickHouseException e) {
            return result("Server settings", Outcome.FAILED, e.getMessage());
        }
    }

    private static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    private ClickHouseConnection connection() {
        final ClickHouseConnection current = connection;
        if (current == null) {
            throw new IllegalStateException("ClickHouse connection service " + getIdentifier() + " is not enabled");
        }
        return current;
    }

    private static ClickHouseConnection.Settings settingsOf(final ConfigurationContext context) {
        final String urls = context.getProperty(URLS).evaluateAttributeExpressions().getValue();
        final List<String> endpoints = splitUrls(urls);
        for (String url : endpoints) {
            final String problem = checkUrl(url);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        final SSLContextProvider sslContextProvider = context.getProperty(SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        final Map<String, String> serverSettings = new LinkedHashMap<>();
        context.getProperties().keySet().stream().filter(PropertyDescriptor::isDynamic).forEach(descriptor ->
                serverSettings.put(descriptor.getName(), context.getProperty(descriptor).evaluateAttributeExpressions().getValue()));
        return new ClickHouseConnection.Settings(
                endpoints,
                context.getProperty(DATABASE).evaluateAttributeExpressions().getValue(),
                context.getProperty(USERNAME).evaluateAttributeExpressions().getValue(),
                context.getProperty(PASSWORD).getValue(),
                sslContextProvider == null ? null : sslContextProvider.createContext(),
                Duration.ofMillis(context.getProperty(CONNECT_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                Duration.ofMillis(context.getProperty(SOCKET_TIMEOUT).asTimePeriod(TimeUnit.MILLISECONDS)),
                ClickHouseCompression.valueOf(context.getProperty(COMPRESSION).getValue()),
                context.getProperty(MAX_CONNECTIONS).asInteger(),
                serverSettings,
                CLIENT_NAME);
    }

    static List<String> splitUrls(final String urls) {
        if (urls == null) {
            return List.of();
        }
        return Arrays.stream(urls.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList();
    }

    /** @return why the URL is unusable, or null when it is fine */
    static String checkUrl(final String url) {
        try {
            final URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
                return "'" + url + "' is not an http:// or https:// URL (ClickHouse's HTTP interface, port 8123 or 8443 by default)";
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                return "'" + url + "' has no host name";
            }
            if (uri.getUserInfo() != null) {
                return "'" + url + "' carries credentials; use the Username and Password properties instead";
            }
            if (uri.getQuery() != null) {
                return "'" + url + "' has a query string; put settings into dynamic properties instead";
            }
            return null;
        } catch (final Exception e) {
            return "'" + url + "' is not a valid URL: " + e.getMessage();
        }
    }
}
