package org.spotlight.clickhouse.insert;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IdempotencyKeysTest {

    @Test
    void kafkaRangeFromConsumeKafkaAttributes() {
        assertEquals("kafka:congress.trades/3/1200-1299", IdempotencyKeys.fromKafka(Map.of(
                "kafka.topic", "congress.trades", "kafka.partition", "3", "kafka.offset", "1200", "kafka.max.offset", "1299")));
        assertEquals("kafka:t/0/10-14", IdempotencyKeys.fromKafka(Map.of(
                "kafka.topic", "t", "kafka.partition", "0", "kafka.offset", "10", "kafka.count", "5")));
        assertEquals("kafka:t/0/10", IdempotencyKeys.fromKafka(Map.of("kafka.topic", "t", "kafka.partition", "0", "kafka.offset", "10")));
    }

    /** As ConsumeKafka (DEMARCATOR) writes them: first and last offset, count, and the first message's timestamp. */
    @Test
    void theFirstMessagesTimestampTellsARecreatedTopicFromTheOldOne() {
        final Map<String, String> first = Map.of("kafka.topic", "congress.trades", "kafka.partition", "0", "kafka.offset", "0",
                "kafka.max.offset", "99", "kafka.count", "100", "kafka.timestamp", "1765000000000");
        final Map<String, String> recreated = Map.of("kafka.topic", "congress.trades", "kafka.partition", "0", "kafka.offset", "0",
                "kafka.max.offset", "99", "kafka.count", "100", "kafka.timestamp", "1765000123456");
        assertEquals("kafka:congress.trades/0/0-99@1765000000000", IdempotencyKeys.fromKafka(first));
        assertNotEquals(IdempotencyKeys.fromKafka(first), IdempotencyKeys.fromKafka(recreated), "offsets start again at 0");
        assertEquals(IdempotencyKeys.fromKafka(first), IdempotencyKeys.fromKafka(new java.util.HashMap<>(first)), "a retry keeps its key");
        assertNotEquals(IdempotencyKeys.forBatch("db", "t", List.of("a"), List.of(IdempotencyKeys.fromKafka(first))),
                IdempotencyKeys.forBatch("db", "t", List.of("a"), List.of(IdempotencyKeys.fromKafka(recreated))),
                "and so does the batch key, from which the insert's deduplication token is made");
    }

    @Test
    void splitChildrenOfOneKafkaFlowFileKeepTheirOwnKeys() {
        assertEquals("kafka:t/0/10-19#2", IdempotencyKeys.fromKafka(Map.of(
                "kafka.topic", "t", "kafka.partition", "0", "kafka.offset", "10", "kafka.max.offset", "19", "fragment.index", "2")));
    }

    @Test
    void noKafkaKeyWithoutTopicPartitionAndOffset() {
        assertNull(IdempotencyKeys.fromKafka(Map.of("kafka.topic", "t", "kafka.partition", "0")));
        assertNull(IdempotencyKeys.fromKafka(Map.of()));
    }

    @Test
    void contentHashIsSha256() throws IOException {
        assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                IdempotencyKeys.fromContent(new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void batchKeyDependsOnEveryPartAndTheirBoundaries() {
        final String key = IdempotencyKeys.forBatch("db", "t", List.of("a", "b"), List.of("k1", "k2"));

        assertEquals(32, key.length());
        assertEquals(key, IdempotencyKeys.forBatch("db", "t", List.of("a", "b"), List.of("k1", "k2")));
        assertNotEquals(key, IdempotencyKeys.forBatch("db", "t", List.of("a", "b"), List.of("k2", "k1")));
        assertNotEquals(key, IdempotencyKeys.forBatch("db", "t", List.of("ab"), List.of("k1", "k2")));
        assertNotEquals(key, IdempotencyKeys.forBatch("db", "t2", List.of("a", "b"), List.of("k1", "k2")));
    }
}
