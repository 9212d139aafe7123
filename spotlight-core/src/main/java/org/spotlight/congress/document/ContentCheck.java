package org.spotlight.congress.document;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.http.Challenges;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that an answer from the web is the kind of document that was asked for before anything archives or parses
 * it: a PDF starts with {@code %PDF-}, a zip with {@code PK}, JSON with a bracket, an HTML page with markup. An HTML
 * page (an error, maintenance or login page served as 200) or an empty answer where a document was expected is a
 * passing condition of the site ({@link Code#UNEXPECTED_CONTENT}: retried later, never archived over a good copy).
 * Other bytes are left to the parser, which says what they are not, and whose verdict the feed confirms by fetching
 * the document again ({@code Documents#read}).
 */
public final class ContentCheck {

    /** PDF readers accept the header anywhere in the first kilobyte. */
    private static final int PDF_HEADER_WINDOW = 1024;
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private ContentCheck() {
    }

    /**
     * @param declaredType the answer's Content-Type, or null
     * @param location     where the answer came from, for messages
     */
    public static void verify(final DocumentRef ref, final byte[] body, final String declaredType, final String location) throws SourceException {
        final String kind = ref.extension().toLowerCase(Locale.ROOT);
        if (body.length == 0) {
            throw unexpected(location, "an empty answer instead of the " + describe(kind));
        }
        switch (kind) {
            case "pdf" -> {
                if (!isPdf(body)) {
                    requireNotAPage(location, kind, body, declaredType);
                }
            }
            case "zip" -> {
                if (!isZip(body)) {
                    requireNotAPage(location, kind, body, declaredType);
                }
            }
            case "json" -> {
                final int first = firstNonBlank(body);
                if (first < 0 || (body[first] != '{' && body[first] != '[')) {
                    requireNotAPage(location, kind, body, declaredType);
                }
            }
            case "html" -> {
                if (!Challenges.startsWithMarkup(body)) {
                    throw unexpected(location, "something other than an HTML page (it starts with " + start(body)
                            + (declaredType == null ? "" : ", served as " + declaredType) + ")");
                }
            }
            default -> {
                // Other kinds are not checked.
            }
        }
    }

    public static boolean isPdf(final byte[] body) {
        final String head = new String(body, 0, Math.min(body.length, PDF_HEADER_WINDOW), StandardCharsets.ISO_8859_1);
        return head.contains("%PDF-");
    }

    /** A local file header, or the end-of-central-directory record of an empty zip. */
    public static boolean isZip(final byte[] body) {
        return body.length >= 4 && body[0] == 'P' && body[1] == 'K'
                && ((body[2] == 3 && body[3] == 4) || (body[2] == 5 && body[3] == 6));
    }

    private static void requireNotAPage(final String location, final String kind, final byte[] body, final String declaredType)
            throws SourceException {
        if (Challenges.startsWithMarkup(body) || (declaredType != null && declaredType.toLowerCase(Locale.ROOT).startsWith("text/html"))) {
            throw unexpected(location, "an HTML page" + title(body) + " instead of the " + describe(kind));
        }
    }

    private static SourceException unexpected(final String location, final String what) {
        return SourceException.siteTrouble(Code.UNEXPECTED_CONTENT, 0, location, location + " answered with " + what
                + "; the site may be in maintenance or behind a proxy, and the next run tries again", null);
    }

    private static String describe(final String kind) {
        return switch (kind) {
            case "pdf" -> "PDF";
            case "zip" -> "zip file";
            case "json" -> "JSON document";
            case "html" -> "HTML page";
            default -> kind + " document";
        };
    }

    private static String title(final byte[] body) {
        final Matcher title = TITLE.matcher(new String(body, 0, Math.min(body.length, 8192), StandardCharsets.UTF_8));
        if (!title.find()) {
            return "";
        }
        final String text = title.group(1).replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "" : " titled '" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "'";
    }

    private static int firstNonBlank(final byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF ? 3 : 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        return i < body.length ? i : -1;
    }

    /** The first bytes, printable, for messages. */
    public static String start(final byte[] bytes) {
        final String start = new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.ISO_8859_1);
        return "'" + start.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }
}
