package org.spotlight.congress.feed;

import org.spotlight.congress.document.RawDocument;
import org.spotlight.congress.http.Validators;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the feed remembers between runs, per scope (a source and year, e.g. {@code house_clerk/2025}): each handled
 * filing's fingerprint and outcome, the filings waiting to be tried again after a transient failure, the validators
 * of the scope's index for conditional requests, and, per source, how long a site that refused or failed is left
 * alone. A filing is skipped while its fingerprint is unchanged, so a second run over the same index emits nothing, a
 * corrected index row is processed again, and a new amendment (a new filing) is processed once.
 *
 * <p>Encoded as a flat string map for NiFi's state providers (format 2):
 * <ul>
 *   <li>{@code format} = {@code 2};</li>
 *   <li>{@code filings:<scope>:<n>}: the scope's filings in id order, {@code id=fingerprint} entries separated by
 *   commas, split into values of at most {@value #MAX_VALUE_CHARS} characters (ZooKeeper's state provider writes each
 *   value with {@code DataOutputStream.writeUTF}, which takes at most 65,535 bytes); an entry ends in
 *   {@code !CODE} for a filing that failed for good (the reason's code), or {@code ?attempts.due.CODE} for one waiting
 *   to be tried again after {@code due} (epoch seconds);</li>
 *   <li>{@code index:<scope>}: the index's ETag and Last-Modified;</li>
 *   <li>{@code site:<source>}: {@code attempts.until.CODE} while a site is left alone.</li>
 * </ul>
 * Ids and validators are written with every character outside {@code [A-Za-z0-9._-]} percent-encoded (UTF-8), so
 * any id survives, separators and all; an id longer than {@value #MAX_ID_CHARS} characters is kept as {@code #} and
 * the base64url SHA-256 of the id. The encoding is plain ASCII. A House filing takes 18 characters, a Senate filing
 * 46 (its id is a UUID); see {@link #serializedSize(Map)} for what ZooKeeper stores. State written by earlier
 * versions (format 1: {@code filings:<scope>} with 12 hexadecimal digits per fingerprint) is read and rewritten.
 */
public final class FeedState {

    /** The largest value written; below writeUTF's 65,535 bytes with room to spare. */
    public static final int MAX_VALUE_CHARS = 60_000;
    /** Longer ids are stored by their digest, so that a hostile index cannot grow the state by its ids' lengths. */
    public static final int MAX_ID_CHARS = 128;

    static final String FORMAT = "format";
    static final String FORMAT_VERSION = "2";
    private static final String FILINGS = "filings:";
    private static final String INDEX = "index:";
    private static final String SITE = "site:";
    private static final String LEGACY_FAILED = "!";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** What became of a filing. */
    public enum Outcome {
        /** Emitted. */
        DONE,
        /** Failed for a reason that will not change; reported once. */
        FAILED,
        /** Failed for a reason that may pass; tried again once due. */
        WAITING
    }

    /**
     * @param code     the reason's code for failed and waiting filings (e.g. {@code PDF_UNREADABLE}, {@code HTTP_503}), else null
     * @param attempts how many times a waiting filing has failed in a row
     * @param due      when a waiting filing is tried again
     */
    public record Entry(String fingerprint, Outcome outcome, String code, int attempts, Instant due) {
    }

    /** A site left alone until {@code until} after {@code attempts} refusals or failures in a row. */
    public record SitePause(int attempts, Instant until, String code) {
    }

    private final Map<String, Map<String, Entry>> filings = new TreeMap<>();
    private final Map<String, Validators> indexValidators = new TreeMap<>();
    private final Map<String, SitePause> sites = new TreeMap<>();

    // ---------------------------------------------------------------- filings

    /** True when the filing was handled with this fingerprint, and (unless retrying failures) also when it failed for good. */
    public boolean isHandled(final String scope, final String id, final String fingerprint, final boolean retryFailed) {
        final Entry entry = entry(scope, id);
        if (entry == null || !entry.fingerprint().equals(fingerprint)) {
            return false;
        }
        return entry.outcome() == Outcome.DONE || (entry.outcome() == Outcome.FAILED && !retryFailed);
    }

    /** The filing's entry while it waits for another try with this fingerprint. */
    public Optional<Entry> waiting(final String scope, final String id, final String fingerprint) {
        final Entry entry = entry(scope, id);
        return entry != null && entry.outcome() == Outcome.WAITING && entry.fingerprint().equals(fingerprint)
                ? Optional.of(entry) : Optional.empty();
    }

    public Entry entry(final String scope, final String id) {
        return filings.getOrDefault(scope, Map.of()).get(key(id));
    }

    public void markProcessed(final String scope, final String id, final String fingerprint) {
        scope(scope).put(key(id), new Entry(fingerprint, Outcome.DONE, null, 0, null));
    }

    public void markFailed(final String scope, final String id, final String fingerprint, final String code) {
        scope(scope).put(key(id), new Entry(fingerprint, Outcome.FAILED, code(code), 0, null));
    }

    public void markWaiting(final String scope, final String id, final String fingerprint, final int attempts, final Instant due,
                            final String code) {
        scope(scope).put(key(id), new Entry(fingerprint, Outcome.WAITING, code(code), attempts, due));
    }

    /** Filings handled (emitted or failed for good) in the scope. */
    public int handledCount(final String scope) {
        return (int) filings.getOrDefault(scope, Map.of()).values().stream().filter(e -> e.outcome() != Outcome.WAITING).count();
    }

    /** The earliest time a waiting filing is due or a paused site may be asked again; empty when nothing waits. */
    public Optional<Instant> nextDue() {
        return java.util.stream.Stream.concat(
                filings.values().stream().flatMap(m -> m.values().stream()).filter(e -> e.outcome() == Outcome.WAITING).map(Entry::due),
                sites.values().stream().map(SitePause::until)).min(Instant::compareTo);
    }

    public int waitingCount() {
        return (int) filings.values().stream().flatMap(m -> m.values().stream()).filter(e -> e.outcome() == Outcome.WAITING).count();
    }

    /** Forgets filings the index no longer lists, so state does not grow with withdrawn filings. */
    public void retainFilings(final String scope, final Set<String> listedIds) {
        final Map<String, Entry> entries = filings.get(scope);
        if (entries != null) {
            final Set<String> keys = new HashSet<>();
            listedIds.forEach(id -> keys.add(key(id)));
            entries.keySet().retainAll(keys);
        }
    }

    /** Forgets scopes the feed no longer covers (years dropped from the configuration, sources deselected). */
    public void retainScopes(final Collection<String> scopes) {
        filings.keySet().retainAll(scopes);
        indexValidators.keySet().retainAll(scopes);
    }

    // ---------------------------------------------------------------- indexes and sites

    public Validators validators(final String scope) {
        return indexValidators.getOrDefault(scope, Validators.NONE);
    }

    public void setValidators(final String scope, final Validators validators) {
        if (validators == null || validators.isEmpty()) {
            indexValidators.remove(scope);
        } else {
            indexValidators.put(scope, validators);
        }
    }

    public Optional<SitePause> sitePause(final String source) {
        return Optional.ofNullable(sites.get(source));
    }

    public void pauseSite(final String source, final SitePause pause) {
        sites.put(source, new SitePause(pause.attempts(), pause.until(), code(pause.code())));
    }

    public void clearSitePause(final String source) {
        sites.remove(source);
    }

    public void retainSites(final Collection<String> sources) {
        sites.keySet().retainAll(sources);
    }

    // ---------------------------------------------------------------- encoding

    public Map<String, String> encode() {
        final Map<String, String> encoded = new TreeMap<>();
        encoded.put(FORMAT, FORMAT_VERSION);
        filings.forEach((scope, entries) -> {
            final List<String> chunks = new ArrayList<>();
            final StringBuilder chunk = new StringBuilder();
            entries.forEach((key, entry) -> {
                final String text = escape(key) + "=" + escape(entry.fingerprint()) + suffix(entry);
                if (!chunk.isEmpty() && chunk.length() + 1 + text.length() > MAX_VALUE_CHARS) {
                    chunks.add(chunk.toString());
                    chunk.setLength(0);
                }
                chunk.append(chunk.isEmpty() ? "" : ",").append(text);
            });
            if (!chunk.isEmpty()) {
                chunks.add(chunk.toString());
            }
            for (int i = 0; i < chunks.size(); i++) {
                encoded.put(FILINGS + scope + ":" + i, chunks.get(i));
            }
        });
        indexValidators.forEach((scope, validators) -> {
            if (!validators.isEmpty()) {
                encoded.put(INDEX + scope, escape(nullToEmpty(validators.etag())) + "," + escape(nullToEmpty(validators.lastModified())));
            }
        });
        sites.forEach((source, pause) -> encoded.put(SITE + source, pause.attempts() + "." + pause.until().getEpochSecond() + "." + pause.code()));
        return encoded;
    }

    /** Reads state of format 2 and of format 1 (written by earlier versions). Entries that cannot be read are dropped. */
    public static FeedState decode(final Map<String, String> encoded) {
        final FeedState state = new FeedState();
        final boolean legacy = !FORMAT_VERSION.equals(encoded.get(FORMAT));
        encoded.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (key.startsWith(FILINGS)) {
                if (legacy) {
                    state.decodeLegacyFilings(key.substring(FILINGS.length()), value);
                } else {
                    final String rest = key.substring(FILINGS.length());
                    final int colon = rest.lastIndexOf(':');
                    if (colon > 0) {
                        state.decodeFilings(rest.substring(0, colon), value);
                    }
                }
            } else if (key.startsWith(INDEX)) {
                final String scope = key.substring(INDEX.length());
                if (legacy) {
                    state.setValidators(scope, Validators.decode(value));
                } else {
                    final int comma = value.indexOf(',');
                    if (comma >= 0) {
                        state.setValidators(scope, new Validators(emptyToNull(unescape(value.substring(0, comma))),
                                emptyToNull(unescape(value.substring(comma + 1)))));
                    }
                }
            } else if (key.startsWith(SITE)) {
                final String[] parts = value.split("\\.", 3);
                if (parts.length == 3 && parts[0].matches("\\d{1,9}") && parts[1].matches("\\d{1,12}")) {
                    state.sites.put(key.substring(SITE.length()), new SitePause(Integer.parseInt(parts[0]),
                            Instant.ofEpochSecond(Long.parseLong(parts[1])), parts[2]));
                }
            }
        });
        return state;
    }

    private void decodeFilings(final String scope, final String value) {
        final Map<String, Entry> entries = scope(scope);
        for (String text : value.split(",")) {
            final int equals = text.indexOf('=');
            if (equals < 0) {
                continue;
            }
            final String key = unescape(text.substring(0, equals));
            final String rest = text.substring(equals + 1);
            final int mark = indexOfAny(rest, '!', '?');
            final String fingerprint = unescape(mark < 0 ? rest : rest.substring(0, mark));
            if (mark < 0) {
                entries.put(key, new Entry(fingerprint, Outcome.DONE, null, 0, null));
            } else if (rest.charAt(mark) == '!') {
                entries.put(key, new Entry(fingerprint, Outcome.FAILED, code(rest.substring(mark + 1)), 0, null));
            } else {
                final String[] parts = rest.substring(mark + 1).split("\\.", 3);
                if (parts.length == 3 && parts[0].matches("\\d{1,9}") && parts[1].matches("\\d{1,12}")) {
                    entries.put(key, new Entry(fingerprint, Outcome.WAITING, code(parts[2]), Integer.parseInt(parts[0]),
                            Instant.ofEpochSecond(Long.parseLong(parts[1]))));
                }
            }
        }
    }

    /** Format 1: {@code id=fingerprint} pairs, a fingerprint ending in {@code !} for a permanent failure, no escaping. */
    private void decodeLegacyFilings(final String scope, final String value) {
        final Map<String, Entry> entries = scope(scope);
        for (String pair : value.split(",")) {
            final int equals = pair.indexOf('=');
            if (equals > 0) {
                final String id = pair.substring(0, equals);
                final String fingerprint = pair.substring(equals + 1);
                entries.put(key(id), fingerprint.endsWith(LEGACY_FAILED)
                        ? new Entry(Fingerprint.fromLegacy(fingerprint.substring(0, fingerprint.length() - 1)), Outcome.FAILED, "UNKNOWN", 0, null)
                        : new Entry(Fingerprint.fromLegacy(fingerprint), Outcome.DONE, null, 0, null));
            }
        }
    }

    /**
     * The bytes ZooKeeper's state provider stores for this map: a format byte, the entry count, then each key and
     * value written with {@code DataOutputStream.writeUTF} (two length bytes and modified UTF-8) behind a presence
     * flag. NiFi refuses state above {@code nifi.zookeeper.jute.maxbuffer} (1,048,575 bytes by default).
     */
    public static long serializedSize(final Map<String, String> encoded) {
        long size = 1 + 4;
        for (Map.Entry<String, String> entry : encoded.entrySet()) {
            size += 1 + 2 + modifiedUtf8Length(entry.getKey()) + 1 + (entry.getValue() == null ? 0 : 2 + modifiedUtf8Length(entry.getValue()));
        }
        return size;
    }

    static long modifiedUtf8Length(final String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            length += c >= 0x0001 && c <= 0x007F ? 1 : c > 0x07FF ? 3 : 2;
        }
        return length;
    }

    // ---------------------------------------------------------------- ids and escaping

    /**
     * How an id is kept: as it is; with a second {@code #} in front when it starts with {@code #}; or, when longer than
     * {@value #MAX_ID_CHARS} characters, as {@code #} and its digest (whose second character is never {@code #}).
     */
    static String key(final String id) {
        if (id.length() > MAX_ID_CHARS) {
            final byte[] digest = HexFormat.of().parseHex(RawDocument.sha256(id.getBytes(StandardCharsets.UTF_8)));
            return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        return id.startsWith("#") ? "#" + id : id;
    }

    /**
     * Percent-encodes (UTF-8) every character outside {@code [A-Za-z0-9._-]}; a lone surrogate, which has no UTF-8
     * form, becomes {@code ~} and its four hexadecimal digits ({@code ~} itself is always percent-encoded).
     */
    static String escape(final String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (isPlain(c)) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                percent(out, text.substring(i, i + 2));
                i++;
            } else if (Character.isSurrogate(c)) {
                out.append('~').append(String.format("%04X", (int) c));
            } else {
                percent(out, String.valueOf(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static void percent(final StringBuilder out, final String character) {
        for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }

    static String unescape(final String text) {
        if (text.indexOf('%') < 0 && text.indexOf('~') < 0) {
            return text;
        }
        final StringBuilder out = new StringBuilder(text.length());
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c == '%' && hex(text, i + 1, 2) >= 0) {
                pending.write(hex(text, i + 1, 2));
                i += 2;
                continue;
            }
            out.append(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
            if (c == '~' && hex(text, i + 1, 4) >= 0) {
                out.append((char) hex(text, i + 1, 4));
                i += 4;
            } else {
                out.append(c);
            }
        }
        return out.append(pending.toString(StandardCharsets.UTF_8)).toString();
    }

    private static int hex(final String text, final int at, final int digits) {
        if (at + digits > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = at; i < at + digits; i++) {
            final int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static boolean isPlain(final char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    }

    private static String suffix(final Entry entry) {
        return switch (entry.outcome()) {
            case DONE -> "";
            case FAILED -> "!" + entry.code();
            case WAITING -> "?" + entry.attempts() + "." + entry.due().getEpochSecond() + "." + entry.code();
        };
    }

    /** Codes are written unescaped, so they keep to the characters of SourceException codes. */
    private static String code(final String code) {
        final String cleaned = code == null ? "" : code.replaceAll("[^A-Za-z0-9_]", "_");
        return cleaned.isEmpty() ? "UNKNOWN" : cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }

    private static int indexOfAny(final String text, final char a, final char b) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == a || text.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static String nullToEmpty(final String text) {
        return text == null ? "" : text;
    }

    private static String emptyToNull(final String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private Map<String, Entry> scope(final String scope) {
        return filings.computeIfAbsent(scope, key -> new TreeMap<>());
    }
}
