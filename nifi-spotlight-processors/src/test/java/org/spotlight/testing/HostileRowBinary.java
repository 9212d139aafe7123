package org.spotlight.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hostile RowBinaryWithNamesAndTypes content, for the processors that read it (PutClickHouseBatch, RouteToFailureDb):
 * headers cut short or with absurd column counts, types no ClickHouse column has (10,000 nested Array(, a FixedString of
 * 2 GB, a Decimal of a million digits), names that are SQL or repeat, rows cut short or claiming impossible lengths, and
 * headers that disagree with the table they go to. The table is {@link #TABLE_COLUMNS}.
 *
 * <p>Counting as in {@link HostileInputs}: a header that cannot be read makes the content one record (none for empty
 * content); otherwise each row is a record, and a row cut short, or whose length cannot be, is one more.
 */
public final class HostileRowBinary {

    /** The columns of the table the cases go to. */
    public static final String TABLE_COLUMNS = "(a Nullable(String), n Nullable(Int64), d Nullable(Decimal(18, 2)))";

    /**
     * @param records how many records a loss-free pipeline must account for
     * @param good    how many of them land in a table of {@link #TABLE_COLUMNS}
     */
    public record Case(String name, String description, byte[] content, int records, int good) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileRowBinary() {
    }

    public static List<Case> all() {
        final List<Case> cases = new ArrayList<>();
        cases.add(new Case("empty", "no bytes at all", new byte[0], 0, 0));
        cases.add(new Case("truncated-header", "a header of two columns that ends after the first name",
                content(out -> {
                    varUInt(out, 2);
                    string(out, "a");
                }), 1, 0));
        cases.add(new Case("absurd-column-count", "a header claiming 2^40 columns", content(out -> varUInt(out, 1L << 40)), 1, 0));
        cases.add(new Case("many-columns-short", "a header claiming 100,000 columns, with none", content(out -> varUInt(out, 100_000)), 1, 0));
        cases.add(new Case("deep-array-type", "a type of 10,000 nested Array(", header(List.of("a"),
                List.of("Array(".repeat(10_000) + "String" + ")".repeat(10_000))), 1, 0));
        cases.add(new Case("huge-fixedstring", "FixedString(2147483647) and a row of three bytes",
                concat(header(List.of("a"), List.of("FixedString(2147483647)")), "abc".getBytes(StandardCharsets.US_ASCII)), 1, 0));
        cases.add(new Case("huge-decimal", "Decimal(1000000, 2)", header(List.of("d"), List.of("Decimal(1000000, 2)")), 1, 0));
        cases.add(new Case("datetime64-precision", "DateTime64(1000)", header(List.of("a"), List.of("DateTime64(1000)")), 1, 0));
        cases.add(new Case("map-one-argument", "Map(String), a Map without a value type", header(List.of("a"), List.of("Map(String)")), 1, 0));
        cases.add(new Case("unknown-type", "a type ClickHouse does not have", header(List.of("a"), List.of("Foo(1)")), 1, 0));
        cases.add(new Case("duplicate-names", "two columns named a, and a row",
                concat(header(List.of("a", "a"), List.of("String", "String")), content(out -> {
                    string(out, "x");
                    string(out, "y");
                })), 1, 0));
        cases.add(new Case("nothing-array", "an Array(Nothing) row claiming two billion elements",
                concat(header(List.of("a"), List.of("Array(Nothing)")), content(out -> varUInt(out, 2_000_000_000L))), 1, 0));
        cases.add(new Case("absurd-string-length", "a row whose String claims 2^62 bytes",
                concat(header(List.of("a"), List.of("String")), content(out -> varUInt(out, 1L << 62))), 1, 0));
        cases.add(new Case("truncated-row", "three rows, then a fourth cut inside its string",
                concat(header(List.of("a", "n"), List.of("String", "Int64")), content(out -> {
                    for (int i = 0; i < 3; i++) {
                        string(out, "row " + i);
                        int64(out, i);
                    }
                    varUInt(out, 100);
                    out.writeBytes("cut sho".getBytes(StandardCharsets.US_ASCII));
                })), 4, 0));
        cases.add(new Case("good-rows", "a header naming some of the table's columns, and three rows",
                concat(header(List.of("a", "n"), List.of("String", "Int64")), content(out -> {
                    for (int i = 0; i < 3; i++) {
                        string(out, "ok " + i);
                        int64(out, i);
                    }
                })), 3, 3));
        cases.add(new Case("header-disagrees", "a header that types n as String, whose values do not all fit Int64",
                concat(header(List.of("n"), List.of("String")), content(out -> {
                    string(out, "12");
                    string(out, "not a number");
                    string(out, "1e500000000");
                })), 3, 1));
        cases.add(new Case("sql-names", "a column named a`; DROP TABLE x; -- , and two rows",
                concat(header(List.of("a`; DROP TABLE x; --"), List.of("String")), content(out -> {
                    string(out, "x");
                    string(out, "y");
                })), 2, 0));
        cases.add(new Case("unknown-columns", "columns the table does not have, and two rows",
                concat(header(List.of("zz", "yy"), List.of("String", "UInt8")), content(out -> {
                    string(out, "x");
                    out.write(1);
                    string(out, "y");
                    out.write(2);
                })), 2, 0));
        return List.copyOf(cases);
    }

    /** A header of these columns, without rows. */
    public static byte[] header(final List<String> names, final List<String> types) {
        return content(out -> {
            varUInt(out, names.size());
            names.forEach(name -> string(out, name));
            types.forEach(type -> string(out, type));
        });
    }

    private static byte[] content(final Consumer<ByteArrayOutputStream> writer) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.accept(out);
        return out.toByteArray();
    }

    private static byte[] concat(final byte[]... parts) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static void varUInt(final ByteArrayOutputStream out, final long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    static void string(final ByteArrayOutputStream out, final String value) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        varUInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    static void int64(final ByteArrayOutputStream out, final long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
