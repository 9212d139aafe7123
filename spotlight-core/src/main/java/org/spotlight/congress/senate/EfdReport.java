package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report listed by the eFD search ({@code /search/report/data/}): each row is
 * {@code [first name, last name, filer type, "<a href=...>title</a>", date received]}.
 *
 * @param reportId        the report's UUID from its link
 * @param paper           true for reports filed on paper ({@code /search/view/paper/...}), which are scanned images
 * @param path            the report's path on the site, e.g. {@code search/view/ptr/2f4e.../}
 * @param reportFor       the date in "Periodic Transaction Report for MM/DD/YYYY"
 * @param amendmentNumber N of "(Amendment N)"; null for originals and unnumbered paper amendments
 */
public record EfdReport(String firstName, String lastName, String filerType, String reportId, boolean paper, String path,
                        String title, LocalDate dateReceived, LocalDate reportFor, boolean amendment, Integer amendmentNumber) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.ROOT);
    private static final Pattern LINK = Pattern.compile("^/?search/view/(ptr|paper)/([0-9A-Fa-f-]{36})/?$");
    private static final Pattern PTR_TITLE = Pattern.compile(
            "^Periodic Transaction Report(?: for (\\d{2}/\\d{2}/\\d{4}))?\\s*(\\(Amendment\\s*(\\d+)?\\))?$");

    /** The PTR a search row lists, or empty for other report kinds (annual reports, extensions ...). */
    public static Optional<EfdReport> fromRow(final JsonNode row, final String document) throws SourceException {
        if (!row.isArray() || row.size() < 5) {
            throw new SourceException(Code.JSON_UNREADABLE, document, document + ": a search result row is not "
                    + "[first, last, filer type, link, date]: " + abbreviate(row.toString()), false, null);
        }
        final Element link = Jsoup.parseBodyFragment(row.get(3).asText()).selectFirst("a[href]");
        if (link == null) {
            throw new SourceException(Code.JSON_UNREADABLE, document, document + ": a search result row has no report link: "
                    + abbreviate(row.toString()), false, null);
        }
        final String title = AssetCell.clean(link.text());
        final Matcher titleMatch = PTR_TITLE.matcher(title);
        final Matcher linkMatch = LINK.matcher(link.attr("href").trim());
        if (!titleMatch.matches()) {
            return Optional.empty();
        }
        if (!linkMatch.matches()) {
            throw new SourceException(Code.JSON_UNREADABLE, document, document + ": a search result row titled '" + abbreviate(title)
                    + "' links to '" + abbreviate(link.attr("href")) + "', which is not a report page /search/view/ptr|paper/{uuid}/: "
                    + abbreviate(row.toString()), false, null);
        }
        return Optional.of(new EfdReport(AssetCell.clean(row.get(0).asText()), AssetCell.clean(row.get(1).asText()),
                AssetCell.clean(row.get(2).asText()), linkMatch.group(2), "paper".equals(linkMatch.group(1)),
                "search/view/" + linkMatch.group(1) + "/" + linkMatch.group(2) + "/", title, date(row.get(4).asText()),
                date(titleMatch.group(1)), titleMatch.group(2) != null,
                titleMatch.group(3) == null ? null : Integer.valueOf(titleMatch.group(3))));
    }

    /**
     * The original report each amendment amends: the same filer's non-amendment report for the same date among
     * the listed reports. Amendments whose original is not listed (outside the searched period) stay unlinked.
     */
    public static Map<String, String> originals(final List<EfdReport> reports) {
        final Map<String, String> originalByKey = new HashMap<>();
        for (EfdReport report : reports) {
            if (!report.amendment() && report.reportFor() != null) {
                originalByKey.putIfAbsent(report.amendmentKey(), report.reportId());
            }
        }
        final Map<String, String> amends = new HashMap<>();
        for (EfdReport report : reports) {
            if (report.amendment() && report.reportFor() != null && originalByKey.containsKey(report.amendmentKey())) {
                amends.put(report.reportId(), originalByKey.get(report.amendmentKey()));
            }
        }
        return amends;
    }

    public static List<EfdReport> ptrs(final JsonNode rows, final String document) throws SourceException {
        final List<EfdReport> reports = new ArrayList<>();
        for (JsonNode row : rows) {
            fromRow(row, document).ifPresent(reports::add);
        }
        return reports;
    }

    private String amendmentKey() {
        return lastName.toLowerCase(Locale.ROOT) + "|" + firstName.toLowerCase(Locale.ROOT) + "|" + reportFor;
    }

    private static LocalDate date(final String text) {
        try {
            return text == null || text.isBlank() ? null : LocalDate.parse(text.trim(), DATE);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    private static String abbreviate(final String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
