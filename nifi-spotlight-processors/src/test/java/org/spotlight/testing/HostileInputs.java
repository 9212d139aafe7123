package org.spotlight.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The hostile-input corpus: FlowFile contents that every Spotlight processor must route (success, failure with
 * {@code spotlight.error.*}, or retry) without throwing out of {@code onTrigger}, without breaking a cache or a stream
 * for the FlowFiles after it, in bounded time and memory, and without losing or silently changing a record.
 *
 * <p>One corpus for every processor test (nifi-mock) and for the test that sends it through the real NiFi flow, so that
 * "hostile" means the same thing everywhere. Each case says how many records a loss-free pipeline must account for
 * ({@link HostileInput#records()}: records in = rows landed + failures stored) and, where the right outcome is not a
 * matter of configuration, how many of them are good ({@link HostileInput#good()}).
 *
 * <p>How records are counted: JSON Lines (or values written one after another) count one record per non-blank line or
 * value; a top-level JSON array counts one record per element; anything that cannot be split into values counts as one
 * record. Blank lines and whitespace are not records.
 */
public final class HostileInputs {

    /** Nesting depth of the deep-nesting cases (the 10,000 levels). */
    public static final int DEEP = 10_000;
    /** Size of the huge-string case's value in bytes (100 MB). */
    public static final int HUGE_STRING_BYTES = 100 * 1024 * 1024;

    /**
     * One case.
     *
     * @param name        a stable, file-name-safe identifier (test display names, failure table rows)
     * @param description what is hostile about it
     * @param content     the FlowFile content, made on demand (the large cases are not held by the corpus)
     * @param records     how many records a loss-free pipeline must account for
     * @param good        how many of them must land as rows, where that does not depend on configuration
     * @param large       true for cases too big for a Kafka message or a test that holds every case at once
     */
    public record HostileInput(String name, String description, Supplier<byte[]> content, int records, OptionalInt good,
                               boolean large) {

        public byte[] bytes() {
            return content.get();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private HostileInputs() {
    }

    /** Every case, the large ones included. */
    public static List<HostileInput> all() {
        final List<HostileInput> cases = new ArrayList<>();
        // Nothing, or nothing but blanks.
        cases.add(exact("empty", "no bytes at all", "", 0, 0));
        cases.add(exact("whitespace", "blanks, tabs and line ends only", " \n\t\r\n   \n", 0, 0));
        cases.add(exact("blank-lines-between", "good records separated by blank lines", "{\"a\":1}\n\n\n{\"a\":2}\n \n", 2, 2));
        // Valid JSON that is not a record.
        cases.add(some("empty-object", "an object without fields", "{}", 1));
        cases.add(exact("empty-array", "an array without elements", "[]", 0, 0));
        cases.add(exact("json-null", "the literal null", "null", 1, 0));
        cases.add(exact("scalar-number", "a bare number", "42", 1, 0));
        cases.add(exact("scalar-string", "a bare string", "\"hello\"", 1, 0));
        cases.add(exact("scalar-boolean", "a bare boolean", "true", 1, 0));
        cases.add(exact("array-of-scalars", "an array whose elements are not objects", "[1, \"two\", null]", 3, 0));
        cases.add(exact("array-mixed", "an array of objects with scalars between them", "[{\"a\":1}, 2, {\"a\":3}]", 3, 2));
        cases.add(exact("nested-array-record", "a line holding an array of arrays", "[[{\"a\":1}]]", 1, 0));
        // Encoding.
        cases.add(new HostileInput("bom-object", "a UTF-8 byte order mark before one object",
                () -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{\"a\":1}")), 1, OptionalInt.of(1), false));
        cases.add(new HostileInput("bom-lines", "a UTF-8 byte order mark before JSON Lines",
                () -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{\"a\":1}\n{\"a\":2}\n")), 2, OptionalInt.of(2), false));
        cases.add(new HostileInput("invalid-utf8-value", "a string value holding bytes that are not UTF-8 (C3 28)",
                () -> concat(utf8("{\"a\":\""), new byte[] {(byte) 0xC3, (byte) 0x28}, utf8("\"}")), 1, OptionalInt.of(0), false));
        cases.add(new HostileInput("invalid-utf8-between-good", "one line of invalid UTF-8 between two good lines",
                () -> concat(utf8("{\"a\":\"x\"}\n{\"a\":\""), new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x80}, utf8("\"}\n{\"a\":\"z\"}\n")),
                3, OptionalInt.of(2), false));
        cases.add(exact("lone-surrogate", "an escaped lone UTF-16 surrogate, which no UTF-8 text can hold",
                "{\"a\":\"\\ud800\"}", 1, 0));
        cases.add(some("escaped-nul", "an escaped NUL character inside a string value", "{\"a\":\"x\\u0000y\"}", 1));
        cases.add(exact("raw-control-character", "an unescaped control character inside a string",
                "{\"a\":\"x\u0001y\"}", 1, 0));
        cases.add(new HostileInput("random-bytes", "4 KiB of seeded random bytes without a line feed",
                () -> randomBytes(4096, 7), 1, OptionalInt.of(0), false));
        cases.add(new HostileInput("nul-bytes", "1 KiB of zero bytes", () -> new byte[1024], 1, OptionalInt.of(0), false));
        // Broken JSON.
        cases.add(exact("truncated-object", "an object cut inside a string", "{\"a\":1,\"b\":\"tex", 1, 0));
        cases.add(exact("truncated-after-good", "two good lines, then a line cut short", "{\"a\":1}\n{\"a\":2}\n{\"a\":", 3, 2));
        cases.add(exact("truncated-array", "an array cut inside its third element", "[{\"a\":1},{\"a\":2},{\"a\"", 3, 2));
        cases.add(exact("unclosed-brackets", "brackets opened and never closed", "{\"a\":[{\"b\":[", 1, 0));
        cases.add(exact("stray-closers", "closing brackets without opening ones", "}]}]", 1, 0));
        cases.add(exact("trailing-comma", "a trailing comma inside an object", "{\"a\":1,}", 1, 0));
        cases.add(exact("comments", "JavaScript comments", "{\"a\":1 /* no */}", 1, 0));
        cases.add(exact("single-quotes", "single-quoted names and strings", "{'a':'x'}", 1, 0));
        cases.add(exact("unquoted-names", "names without quotes", "{a:1}", 1, 0));
        cases.add(exact("nan-literal", "NaN as a bare token", "{\"x\":NaN}", 1, 0));
        cases.add(exact("infinity-literal", "Infinity as a bare token", "{\"x\":-Infinity}", 1, 0));
        cases.add(exact("leading-zeros", "a number with leading zeros", "{\"x\":0012}", 1, 0));
        cases.add(exact("hex-number", "a hexadecimal number literal", "{\"x\":0x1F}", 1, 0));
        cases.add(exact("plus-sign", "a number with a plus sign", "{\"x\":+1}", 1, 0));
        cases.add(exact("bad-between-good", "a broken line between good lines", "{\"a\":1}\n{\"a\":}\n{\"a\":3}\n", 3, 2));
        // Structure and size.
        cases.add(new HostileInput("deep-objects", DEEP + " levels of nested objects",
                () -> nested("{\"a\":", "1", "}", DEEP), 1, OptionalInt.empty(), false));
        cases.add(new HostileInput("deep-arrays", DEEP + " levels of nested arrays inside a field",
                () -> concat(utf8("{\"a\":"), nested("[", "1", "]", DEEP), utf8("}")), 1, OptionalInt.empty(), false));
        cases.add(new HostileInput("deep-unclosed", DEEP + " opened objects, never closed",
                () -> utf8("{\"a\":".repeat(DEEP)), 1, OptionalInt.of(0), false));
        cases.add(new HostileInput("huge-string", "one string value of 100 MB",
                () -> concat(utf8("{\"a\":\""), repeated((byte) 'x', HUGE_STRING_BYTES), utf8("\"}")), 1, OptionalInt.empty(), true));
        cases.add(new HostileInput("long-string", "one string value of 2 MB, more than a default Kafka message",
                () -> concat(utf8("{\"a\":\""), repeated((byte) 'y', 2 * 1024 * 1024), utf8("\"}")), 1, OptionalInt.empty(), true));
        cases.add(new HostileInput("long-name", "a field name of 1 MB",
                () -> concat(utf8("{\""), repeated((byte) 'n', 1024 * 1024), utf8("\":1}")), 1, OptionalInt.empty(), true));
        cases.add(new HostileInput("many-fields", "one object with 20,000 distinct fields",
                () -> manyFields(20_000), 1, OptionalInt.empty(), false));
        cases.add(new HostileInput("long-array", "a field holding an array of 100,000 numbers",
                () -> longArray(100_000), 1, OptionalInt.empty(), false));
        // Numbers whose cost or exactness is at stake.
        cases.add(some("huge-exponent", "a number literal with an exponent of 500,000,000", "{\"n\":1e500000000}", 1));
        cases.add(some("huge-exponent-text", "numeric text with an exponent of 500,000,000", "{\"n\":\"1e500000000\"}", 1));
        cases.add(some("negative-exponent-text", "numeric text with an exponent of -500,000,000", "{\"n\":\"1e-500000000\"}", 1));
        cases.add(new HostileInput("many-digits", "a number literal of 100,000 digits",
                () -> utf8("{\"n\":" + "9".repeat(100_000) + "}"), 1, OptionalInt.empty(), false));
        cases.add(new HostileInput("many-digits-text", "numeric text of 100,000 digits",
                () -> utf8("{\"n\":\"" + "9".repeat(100_000) + "\"}"), 1, OptionalInt.empty(), false));
        cases.add(exact("exact-decimal", "a decimal with more digits than a double holds (must stay exact)",
                "{\"n\":123456789012345678.12}", 1, 1));
        cases.add(exact("exact-big-integer", "an integer beyond Int64 and UInt64 (must stay exact)",
                "{\"n\":123456789012345678901234567890}", 1, 1));
        cases.add(some("float-overflow", "a number beyond the range of Float64", "{\"n\":1e400}", 1));
        cases.add(exact("negative-zero", "minus zero", "{\"n\":-0}", 1, 1));
        // Names and shapes.
        cases.add(exact("duplicate-keys", "one field twice in one object", "{\"a\":1,\"a\":2}", 1, 0));
        cases.add(exact("duplicate-keys-nested", "one field twice in a nested object", "{\"o\":{\"x\":1,\"x\":2},\"b\":1}", 1, 0));
        cases.add(exact("duplicate-keys-between-good", "a line with a duplicate key between good lines",
                "{\"a\":1}\n{\"a\":2,\"a\":3}\n{\"a\":4}\n", 3, 2));
        cases.add(some("hostile-names", "field names that are SQL, backticks, quotes, line ends and NUL",
                "{\"a`; DROP TABLE x; --\":1,\"b'\\\"\\n\":2,\"\\u0000\":3,\"\":4,\" \":5}", 1));
        cases.add(exact("unknown-fields", "records with fields no earlier record had",
                "{\"a\":1}\n{\"a\":2,\"zz_unknown\":\"x\",\"nested\":{\"q\":1}}\n", 2, 2));
        cases.add(exact("mixed-shapes", "records whose fields change kind from line to line",
                "{\"a\":1}\n{\"a\":\"x\",\"b\":true}\n{\"c\":[1,2]}\n{\"a\":1.5,\"c\":null}\n{\"b\":{\"d\":1}}\n", 5, 5));
        cases.add(exact("crlf-lines", "JSON Lines with CR LF line ends", "{\"a\":1}\r\n{\"a\":2}\r\n", 2, 2));
        cases.add(exact("concatenated", "objects one after another without a line end", "{\"a\":1}{\"a\":2} {\"a\":3}", 3, 3));
        return List.copyOf(cases);
    }

    /** Every case under 1,000,000 bytes: it fits in a Kafka message of the default maximum size and in a test that holds them all. */
    public static List<HostileInput> small() {
        return all().stream().filter(input -> !input.large()).toList();
    }

    /** One case by name. */
    public static HostileInput named(final String name) {
        return all().stream().filter(input -> input.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no hostile input named " + name));
    }

    private static HostileInput exact(final String name, final String description, final String json, final int records, final int good) {
        final byte[] bytes = utf8(json);
        return new HostileInput(name, description, () -> bytes.clone(), records, OptionalInt.of(good), false);
    }

    private static HostileInput some(final String name, final String description, final String json, final int records) {
        final byte[] bytes = utf8(json);
        return new HostileInput(name, description, () -> bytes.clone(), records, OptionalInt.empty(), false);
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] repeated(final byte value, final int count) {
        final byte[] bytes = new byte[count];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static byte[] nested(final String open, final String inner, final String close, final int depth) {
        return utf8(open.repeat(depth) + inner + close.repeat(depth));
    }

    private static byte[] randomBytes(final int count, final long seed) {
        final byte[] bytes = new byte[count];
        new Random(seed).nextBytes(bytes);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                bytes[i] = 0x7F;
            }
        }
        return bytes;
    }

    private static byte[] manyFields(final int count) {
        final StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        return utf8(json.append('}').toString());
    }

    private static byte[] longArray(final int count) {
        final StringBuilder json = new StringBuilder("{\"a\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(i);
        }
        return utf8(json.append("]}").toString());
    }
}
