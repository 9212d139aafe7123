// Client-side checks of a Kafka cluster started as the deployment starts it (it/kafka-sasl.test.mjs), with Kafka's own
// client library: one line of JSON per check, {"check": name, "ok": true|false, "detail": ...}. Run with Java's
// source launcher on the Kafka jars' classpath:   java -cp 'libs/*' KafkaProbe.java
// Every setting and password comes from the environment (PROBE_*), never from the command line:
//   PROBE_BOOTSTRAP, PROBE_CONTROLLERS     broker and controller addresses (host:port,...)
//   PROBE_USER, PROBE_PASSWORD            the application's SCRAM-SHA-512 user
//   PROBE_CONTROLLER_PASSWORD             the controller listener's SASL/PLAIN password (user controller)
//   PROBE_REPLICATION_FACTOR              replication factor of the topic the round trip creates
//   PROBE_CHECKS                          the names of the checks to run, separated by commas (empty: all)
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

public class KafkaProbe {

    public static void main(final String[] args) {
        final String bootstrap = System.getenv("PROBE_BOOTSTRAP");
        final String controllers = System.getenv("PROBE_CONTROLLERS");
        final String user = System.getenv("PROBE_USER");
        final String password = System.getenv("PROBE_PASSWORD");
        final String controllerPassword = System.getenv("PROBE_CONTROLLER_PASSWORD");
        final short replication = Short.parseShort(System.getenv("PROBE_REPLICATION_FACTOR"));

        check("anonymous client", () -> topics(client(bootstrap, "PLAINTEXT", null, null, null)));
        check("wrong password", () -> topics(client(bootstrap, "SASL_PLAINTEXT", "SCRAM-SHA-512", user, password + "x")));
        check("application user round trip", () -> roundTrip(client(bootstrap, "SASL_PLAINTEXT", "SCRAM-SHA-512", user, password), replication));
        check("anonymous on the controller listener", () -> quorum(controllers(controllers, "PLAINTEXT", null, null, null)));
        check("application user on the controller listener", () -> quorum(controllers(controllers, "SASL_PLAINTEXT", "PLAIN", user, password)));
        check("controller credentials on the controller listener", () -> quorum(controllers(controllers, "SASL_PLAINTEXT", "PLAIN", "controller", controllerPassword)));
    }

    private static Properties client(final String bootstrap, final String protocol, final String mechanism, final String user, final String password) {
        final Properties properties = security(protocol, mechanism, user, password);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return properties;
    }

    private static Properties controllers(final String controllers, final String protocol, final String mechanism, final String user, final String password) {
        final Properties properties = security(protocol, mechanism, user, password);
        properties.put(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controllers);
        return properties;
    }

    private static Properties security(final String protocol, final String mechanism, final String user, final String password) {
        final Properties properties = new Properties();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        properties.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        properties.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        if (mechanism != null) {
            final String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            properties.put(SaslConfigs.SASL_MECHANISM, mechanism);
            properties.put(SaslConfigs.SASL_JAAS_CONFIG, module + " required username=\"" + user + "\" password=\"" + password + "\";");
        }
        return properties;
    }

    private static String topics(final Properties properties) throws Exception {
        try (Admin admin = Admin.create(properties)) {
            return "topics " + admin.listTopics().names().get(15, TimeUnit.SECONDS);
        }
    }

    private static String quorum(final Properties properties) throws Exception {
        try (Admin admin = Admin.create(properties)) {
            return "voters " + admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS).voters().size();
        }
    }

    // Creates a topic replicated across the brokers, writes three records with acks=all (every in-sync replica, so the
    // brokers authenticated to each other to replicate them) and reads them back.
    private static String roundTrip(final Properties properties, final short replication) throws Exception {
        final String topic = "deploy-check-" + System.nanoTime();
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, replication))).all().get(30, TimeUnit.SECONDS);
        }
        final Properties producerProperties = new Properties();
        producerProperties.putAll(properties);
        producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProperties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties, new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= 3; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "trade-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        final Properties consumerProperties = new Properties();
        consumerProperties.putAll(properties);
        consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
        consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < 3 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    values.add(record.value());
                }
            }
        }
        if (!values.equals(List.of("trade-1", "trade-2", "trade-3"))) {
            throw new IllegalStateException("read back " + values);
        }
        return "replication " + replication + ", read back " + values;
    }

    private static void check(final String name, final Callable<String> body) {
        final String only = System.getenv().getOrDefault("PROBE_CHECKS", "");
        if (!only.isEmpty() && !List.of(only.split(",")).contains(name)) {
            return;
        }
        boolean ok;
        String detail;
        try {
            detail = body.call();
            ok = true;
        } catch (final Exception e) {
            ok = false;
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            detail = cause.getClass().getName() + ": " + cause.getMessage();
        }
        System.out.println("{\"check\": " + quote(name) + ", \"ok\": " + ok + ", \"detail\": " + quote(detail) + "}");
        System.out.flush();
    }

    private static String quote(final String text) {
        final StringBuilder out = new StringBuilder("\"");
        for (char c : String.valueOf(text).toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private KafkaProbe() {
    }
}
