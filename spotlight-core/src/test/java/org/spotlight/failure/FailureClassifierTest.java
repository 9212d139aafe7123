package org.spotlight.failure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classification from the attributes real processors write. Attribute names are those of NiFi 2.3.0's stock processors
 * (PutDatabaseRecord, PutSQL, InvokeHTTP, ConvertRecord ...) and of Spotlight's SpotlightAttributes contract; messages
 * are in the form ClickHouse 18.16 and 24.x, clickhouse-jdbc and NiFi's readers produce them.
 */
class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier(ClassificationRules.none());

    private FailureClass classOf(final Map<String, String> attributes) {
        return classifier.classify(attributes).failureClass();
    }

    @Test
    void spotlightComponentsDeclareTheClass() {
        final Classification classification = classifier.classify(Map.of(
                "spotlight.error.source", "PutClickHouseBatch",
                "spotlight.error.code", "27",
                "spotlight.error.class", "permanent",
                "spotlight.error.retryable", "false"));
        assertEquals(FailureClass.PERMANENT, classification.failureClass());
        assertEquals("PutClickHouseBatch declared it permanent (spotlight.error.class)", classification.reason());

        assertEquals(FailureClass.TRANSIENT, classOf(Map.of("spotlight.error.source", "FetchCongressTrades",
                "spotlight.error.code", "503", "spotlight.error.retryable", "true")));
    }

    @Test
    void aSpotlightClickHouseCodeWithoutDeclaredClassIsJudgedByTheCode() {
        assertEquals(FailureClass.TRANSIENT, classOf(Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", "252")));
        assertEquals(FailureClass.PERMANENT, classOf(Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", "27")));
        // An unknown declared class does not hide the evidence.
        assertEquals(FailureClass.TRANSIENT, classOf(Map.of("spotlight.error.source", "PutClickHouseBatch", "spotlight.error.code", "241",
                "spotlight.error.class", "unknown")));
    }

    @Test
    void clickHouseCodesInStockProcessorMessages() {
        // PutDatabaseRecord with clickhouse-jdbc against a modern server.
        final Classification tooManyParts = classifier.classify(Map.of("putdatabaserecord.error",
                "Code: 252. DB::Exception: Too many parts (300 with average size of 1.02 MiB) in table 'spotlight.trades'. "
                        + "Merges are processing significantly slower than inserts. (TOO_MANY_PARTS) (version 24.8.4.13 (official build))"));
        assertEquals(FailureClass.TRANSIENT, tooManyParts.failureClass());
        assertEquals("ClickHouse error code 252 is one of the transient server codes", tooManyParts.reason());

        // The 18.16 form; the data quoted in the message mentions a timeout, but the code decides.
        assertEquals(FailureClass.PERMANENT, classOf(Map.of("putdatabaserecord.error",
                "Code: 27, e.displayText() = DB::Exception: Cannot parse input: expected , before: timeout\": 5}: (at row 1)")));
        assertEquals(FailureClass.TRANSIENT, classOf(Map.of("executesql.error.message",
                "Code: 241. DB::Exception: Memory limit (total) exceeded: would use 7.45 GiB. (MEMORY_LIMIT_EXCEEDED)")));
        // PutSQL puts the vendor code into error.code as well.
        assertEquals(FailureClass.PERMANENT, classOf(Map.of("error.message", "Code: 60. DB::Exception: Table spotlight.nope does not exist. (UNKNOWN_TABLE)",
                "error.code", "60")));
    }

    @ParameterizedTest
    @CsvSource({
            "08001, TRANSIENT", "08S01, TRANSIENT", "40001, TRANSIENT", "40P01, TRANSIENT", "53300, TRANSIENT", "57P01, TRANSIENT",
            "HYT00, TRANSIENT", "22001, PERMANENT", "22P02, PERMANENT", "23505, PERMANENT", "42P01, PERMANENT", "42000, PERMANENT"})
    void putSqlStates(final String sqlState, final FailureClass expected) {
        assertEquals(expected, classOf(Map.of("error.message", "database said no", "error.sql.state", sqlState)));
    }

    @ParameterizedTest
    @CsvSource({"408, TRANSIENT", "429, TRANSIENT", "500, TRANSIENT", "502, TRANSIENT", "503, TRANSIENT", "504, TRANSIENT",
            "400, PERMANENT", "401, PERMANENT", "404, PERMANENT", "422, PERMANENT", "501, PERMANENT"})
    void invokeHttpStatuses(final String status, final FailureClass expected) {
        assertEquals(expected, classOf(Map.of("invokehttp.status.code", status, "invokehttp.status.message", "whatever")));
    }

    @Test
    void invokeHttpWithoutResponse() {
        final Classification classification = classifier.classify(Map.of("invokehttp.java.exception.class", "java.net.SocketTimeoutException",
                "invokehttp.java.exception.message", "timeout"));
        assertEquals(FailureClass.TRANSIENT, classification.failureClass());
        assertEquals("SocketTimeoutException in invokehttp.java.exception.class is transient", classification.reason());
        assertEquals(FailureClass.TRANSIENT, classOf(Map.of("invokehttp.java.exception.class", "java.net.ConnectException",
                "invokehttp.java.exception.message", "Failed to connect to localhost/127.0.0.1:1")));
    }

    @Test
    void exceptionNamesAndPhrasesInMessages() {
        // What ConvertRecord/UpdateRecord put into record.error.message for malformed JSON.
        assertEquals(FailureClass.PERMANENT, classOf(Map.of("record.error.message",
                "org.apache.nifi.serialization.MalformedRecordException: Failed to parse data")));
        assertEquals(FailureClass.PERMANENT, classOf(Map.of("putdatabaserecord.error",
                "java.lang.NumberFormatException: For input string: \"$1,001 - $15,000\"")));
        assertEquals(FailureClass.TRANSIENT, classOf(Map.of("putdatabaserecord.error",
                "org.apache.commons.dbcp2.PoolableConnection: java.sql.SQLTransientConnectionException: pool exhausted")));
        assertEquals(FailureClass.TRANSIENT, classOf(Map.of("error.message", "Connection refused (Connection refused)")));
        assertEquals(FailureClass.TRANSIENT, classOf(Map.of("execution.error", "upstream server is temporarily unavailable")));
        assertEquals(FailureClass.PERMANENT, classOf(Map.of("json.validation.errors", "$.amount: string found, integer expected; schema violation")));
        assertEquals(FailureClass.PERMANENT, classOf(Map.of("putdatabaserecord.error", "Cannot cast value 'abc' to type Int32")));
    }

    @Test
    void nothingToGoOnIsUnknown() {
        final Classification parseFailureFromKafka = classifier.classify(Map.of("kafka.topic", "spotlight.congress.trades",
                "kafka.partition", "0", "kafka.offset", "42", "filename", "x"));
        assertEquals(FailureClass.UNKNOWN, parseFailureFromKafka.failureClass());
        assertEquals("no error attributes on the FlowFile", parseFailureFromKafka.reason());
        assertEquals(FailureClass.UNKNOWN, classOf(Map.of("error.message", "something odd happened")));
    }

    @Test
    void operatorRulesComeFirst() {
        final FailureClassifier withRules = new FailureClassifier(ClassificationRules.parse("""
                # lock contention in the legacy database clears by itself
                putdatabaserecord.error =~ (?i)cannot parse.*lock => transient
                kafka.topic =~ ^spotlight\\.quarantine$ => permanent
                """));
        final Classification byRule = withRules.classify(Map.of("putdatabaserecord.error",
                "Code: 27. DB::Exception: Cannot parse input while the table lock was held"));
        assertEquals(FailureClass.TRANSIENT, byRule.failureClass());
        assertTrue(byRule.reason().startsWith("rule on line 2 (putdatabaserecord.error =~ (?i)cannot parse.*lock => transient)"), byRule.reason());
        assertEquals(FailureClass.PERMANENT, withRules.classify(Map.of("kafka.topic", "spotlight.quarantine")).failureClass());
        // Rules override even what a Spotlight component declared.
        assertEquals(FailureClass.PERMANENT, withRules.classify(Map.of("kafka.topic", "spotlight.quarantine",
                "spotlight.error.class", "transient")).failureClass());
    }
}
