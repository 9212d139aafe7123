package org.spotlight.flows.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The hostile messages of {@code ./spotlight bench e2e --hostile}: a share of bench put's trade records, spread evenly over
 * the stream, each replaced by a message that the shipped flow must fail on its own, at a bounded cost, and store in the
 * failure table, while the records around it load. The kinds take turns, one per hostile record:
 * <ol>
 *     <li>an exponent no number type can hold, as text, in the Decimal column {@code amount_min} ({@code "1e500000000"});</li>
 *     <li>400 digits in {@code amount_max}, a Decimal(16, 2);</li>
 *     <li>bytes that are not UTF-8 (the overlong form {@code C0 AF}) in a string;</li>
 *     <li>a lone surrogate ({@code \ud800}) in a string;</li>
 *     <li>a field named twice;</li>
 *     <li>a message cut short in the middle (invalid JSON);</li>
 *     <li>200 levels of nested arrays, beyond the nesting bound.</li>
 * </ol>
 * Each keeps the record's {@code trade_id} as its Kafka key, as its producer would have sent it.
 */
final class HostileRecords {

    private static final int KINDS = 7;

    /** Every how many records one is hostile; 0 for none. */
    private final int every;

    /** @param share of the records made hostile, from 0 (none) to 1 (all) */
    HostileRecords(final double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("The hostile share must be between 0 and 1 (0% and 100%), not " + share);
        }
        this.every = share == 0 ? 0 : (int) Math.max(1, Math.round(1 / share));
    }

    /** A share as {@code 1%} or {@code 0.01}. */
    static double share(final String text) {
        final String trimmed = text.strip();
        return trimmed.endsWith("%") ? Double.parseDouble(trimmed.substring(0, trimmed.length() - 1)) / 100 : Double.parseDouble(trimmed);
    }

    /**
     * @param index the record's position in the stream, from 0
     * @param line  the record, one JSON object of bench put's trade shape ({@code {"trade_id":<n>,"member":"...",...}})
     * @return the hostile message that replaces it, or null when the record stays as it is
     */
    byte[] message(final long index, final String line) {
        if (every == 0 || index % every != every / 2) {
            return null;
        }
        final int kind = (int) (index / every % KINDS);
        return switch (kind) {
            case 0 -> utf8(line.replaceFirst("\"amount_min\":[^,}]*", "\"amount_min\":\"1e500000000\""));
            case 1 -> utf8(line.replaceFirst("\"amount_max\":[^,}]*", "\"amount_max\":" + "9".repeat(400)));
            case 2 -> {
                final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                final int cut = line.indexOf("\"member\":\"") + "\"member\":\"".length();
                bytes.writeBytes(utf8(line.substring(0, cut)));
                bytes.write(0xC0);
                bytes.write(0xAF);
                bytes.writeBytes(utf8(line.substring(cut)));
                yield bytes.toByteArray();
            }
            case 3 -> utf8(line.replaceFirst("\"member\":\"", "\"member\":\"\\\\ud800"));
            case 4 -> utf8(line.replaceFirst("\"member\":", "\"member\":\"twice\",\"member\":"));
            case 5 -> utf8(line.substring(0, line.length() / 2));
            case 6 -> utf8(line.substring(0, line.length() - 1) + ",\"nested\":" + "[".repeat(200) + "]".repeat(200) + "}");
            default -> throw new IllegalStateException(String.format(Locale.ROOT, "no hostile kind %d", kind));
        };
    }

    private static byte[] utf8(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
