package org.spotlight.congress.senate;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the transactions table of a Senate eFD PTR page with jsoup. The table's header must be exactly the
 * nine columns the eFD has shown since 2012, and the row count must match the page's "(N transactions total)";
 * anything else fails with {@link Code#HTML_LAYOUT_CHANGED} instead of producing misplaced values.
 */
public final class SenatePtrParser {

    static final List<String> COLUMNS = List.of("#", "Transaction Date", "Owner", "Ticker", "Asset Name", "Asset Type", "Type",
            "Amount", "Comment");
    private static final Pattern TOTAL = Pattern.compile("\\((\\d+) transactions? total\\)");
    private static final Pattern FILED = Pattern.compile("Filed\\s+(.+)$");

    private SenatePtrParser() {
    }

    public static SenatePtr parse(final String html, final String document) throws SourceException {
        final Document page = Jsoup.parse(html);
        if (EfdSession.isAgreementPage(page)) {
            throw new SourceException(Code.SESSION_REJECTED, document, "The eFD answered " + document
                    + " with its terms-of-use page: the session's agreement expired or was not accepted", true, null);
        }
        final Element table = transactionsTable(page, document);
        final List<String> header = table.select("thead th").eachText().stream().map(SenatePtrParser::clean).toList();
        if (!header.equals(COLUMNS)) {
            throw layout(document, "its transactions table has the columns " + header + " instead of " + COLUMNS);
        }
        final List<SenatePtrRow> rows = new ArrayList<>();
        for (Element tr : table.select("tbody > tr")) {
            final Elements cells = tr.select("> td");
            if (cells.size() != COLUMNS.size()) {
                throw layout(document, "row " + (rows.size() + 1) + " has " + cells.size() + " cells instead of " + COLUMNS.size());
            }
            final AssetCell asset = AssetCell.of(cells.get(4));
            rows.add(new SenatePtrRow(rows.size() + 1, clean(cells.get(0).text()), clean(cells.get(1).text()), clean(cells.get(2).text()),
                    clean(cells.get(3).text()), asset.name(), asset.details(),
                    clean(cells.get(5).text()), clean(cells.get(6).text()), clean(cells.get(7).text()), clean(cells.get(8).text())));
        }
        final Matcher total = TOTAL.matcher(page.text());
        if (total.find() && Integer.parseInt(total.group(1)) != rows.size()) {
            throw layout(document, "it announces " + total.group(1) + " transactions but its table has " + rows.size() + " rows");
        }
        final Element title = page.selectFirst("h1");
        final Element filer = page.selectFirst("h2.filedReport");
        final Element filed = page.selectFirst("p.muted strong");
        final Matcher filedAt = filed == null ? null : FILED.matcher(clean(filed.text()));
        return new SenatePtr(title == null ? null : clean(title.text()), filer == null ? null : clean(filer.text()),
                filedAt != null && filedAt.find() ? filedAt.group(1) : null, rows);
    }

    private static Element transactionsTable(final Document page, final String document) throws SourceException {
        for (Element table : page.select("table")) {
            final Element caption = table.selectFirst("caption");
            if (caption != null && caption.text().toLowerCase().contains("transactions")) {
                return table;
            }
        }
        final Element striped = page.selectFirst("table.table-striped");
        if (striped == null) {
            throw layout(document, "it has no transactions table");
        }
        return striped;
    }

    private static String clean(final String text) {
        return AssetCell.clean(text);
    }

    private static SourceException layout(final String document, final String problem) {
        return new SourceException(Code.HTML_LAYOUT_CHANGED, document, document + " does not read as a Senate PTR page: " + problem,
                false, null);
    }
}
