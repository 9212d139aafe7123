package org.spotlight.chdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseRequestTest {

    private static ClickHouseRequest read(final String rawQuery, final Map<String, String> headers) {
        return ClickHouseRequest.read(rawQuery, name -> headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null));
    }

    @Test
    void basicAuthenticationWinsOverHeadersAndParameters() {
        final String basic = "Basic " + Base64.getEncoder().encodeToString("spotlight:p:a ss".getBytes(StandardCharsets.UTF_8));
        final ClickHouseRequest request = read("user=other&password=x", Map.of("Authorization", basic, "X-ClickHouse-User", "h"));

        assertEquals("spotlight", request.user());
        assertEquals("p:a ss", request.password(), "only the first colon separates user and password");
    }

    @Test
    void credentialsFromClickHouseHeadersThenFromTheUrlThenTheDefaultUser() {
        assertEquals(List.of("h", "k"), credentials(read(null, Map.of("X-ClickHouse-User", "h", "X-ClickHouse-Key", "k"))));
        assertEquals(List.of("u", "p w"), credentials(read("user=u&password=p%20w", Map.of())));
        assertEquals(List.of("default", ""), credentials(read(null, Map.of())));
    }

    private static List<String> credentials(final ClickHouseRequest request) {
        return List.of(request.user(), request.password());
    }

    @Test
    void everyParameterThatIsNotReservedIsASettingAndParamPrefixedOnesAreQueryParameters() {
        final ClickHouseRequest request = read("query=SELECT+%7Bx%3AUInt8%7D&database=spotlight&query_id=q1&async_insert=0"
                + "&insert_deduplication_token=abc%26def&param_x=7&default_format=JSONEachRow&wait_end_of_query=1&max_threads=2", Map.of());

        assertEquals("SELECT {x:UInt8}", request.query());
        assertEquals("spotlight", request.database());
        assertEquals("q1", request.queryId());
        assertEquals("JSONEachRow", request.defaultFormat());
        assertEquals(Map.of("async_insert", "0", "insert_deduplication_token", "abc&def", "max_threads", "2"), request.settings());
        assertEquals(List.of("async_insert", "insert_deduplication_token", "max_threads"), List.copyOf(request.settings().keySet()), "request order");
        assertEquals(Map.of("x", "7"), request.parameters());
        assertNull(request.unsupported());
    }

    @Test
    void databaseFormatAndQueryIdFallBackToHeadersThenDefaults() {
        final ClickHouseRequest fromHeaders = read(null, Map.of("X-ClickHouse-Database", "db", "X-ClickHouse-Format", "CSV",
                "X-ClickHouse-Query-Id", "qh"));
        assertEquals(List.of("db", "CSV", "qh"), List.of(fromHeaders.database(), fromHeaders.defaultFormat(), fromHeaders.queryId()));

        final ClickHouseRequest bare = read("", Map.of());
        assertNull(bare.database());
        assertEquals("TabSeparated", bare.defaultFormat());
        assertTrue(bare.queryId().matches("[0-9a-f-]{36}"), bare.queryId());
    }

    @Test
    void nativeCompressionSessionsAndRolesAreRefusedRatherThanIgnored() {
        assertTrue(read("compress=1", Map.of()).unsupported().contains("compress=1"));
        assertTrue(read("decompress=1", Map.of()).unsupported().contains("decompress=1"));
        assertNull(read("compress=0&decompress=0", Map.of()).unsupported());
        assertTrue(read("session_id=s", Map.of()).unsupported().contains("session"));
        assertTrue(read("role=r", Map.of()).unsupported().contains("no users or grants"));
    }

    @Test
    void theOutputFormatIsTheStatementsOwnFormatClauseElseTheDefault() {
        final ClickHouseRequest request = read("default_format=JSON", Map.of());
        assertEquals("TabSeparatedWithNames", request.outputFormat("SELECT 1\nFORMAT TabSeparatedWithNames;"));
        assertEquals("JSON", request.outputFormat("SELECT 'FORMAT CSV' AS f"));
        assertEquals("text/tab-separated-values; charset=UTF-8", ClickHouseRequest.contentType("TSVWithNames"));
        assertEquals("application/octet-stream", ClickHouseRequest.contentType("RowBinaryWithNamesAndTypes"));
    }

    @Test
    void thePasswordNeverReachesToString() {
        final ClickHouseRequest request = read("user=u&password=secret-value", Map.of());
        assertTrue(!request.toString().contains("secret-value"), request.toString());
    }
}
