package org.spotlight.congress.senate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.model.Amount;
import org.spotlight.congress.model.Owner;
import org.spotlight.congress.model.Transaction;
import org.spotlight.congress.model.TransactionType;
import org.spotlight.testing.SharedData;
import org.spotlight.testing.SharedPtrs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two Senate PTR pages in ../shared/data, checked row by row against the same filings in the Senate Stock
 * Watcher's daily JSON (an independent parse of the same pages by another project).
 */
class SenatePtrParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "2f4e395e-7637-45c7-a85a-72823a87918c, transaction_report_for_10_01_2019.json, 6, Periodic Transaction Report for 10/01/2019",
            "e356c17f-8053-4e6a-a7a4-f6507ac6d2fa, transaction_report_for_07_02_2019.json, 1, Periodic Transaction Report for 07/02/2019"
    })
    void matchesTheSenateStockWatcherRowsOfTheSameFiling(final String uuid, final String daily, final int rows, final String title) throws Exception {
        final SenatePtr ptr = SenatePtrParser.parse(page(uuid), uuid);
        final JsonNode filing = stockWatcherFiling(daily, uuid);

        assertEquals(title, ptr.title());
        assertEquals(rows, ptr.rows().size());
        assertEquals(rows, filing.get("transactions").size());
        for (int i = 0; i < rows; i++) {
            final SenatePtrRow row = ptr.rows().get(i);
            final JsonNode expected = filing.get("transactions").get(i);
            final String where = uuid + " row " + (i + 1) + " ";
            assertEquals(expected.get("transaction_date").asText(), row.transactionDate(), where + "date");
            assertEquals(expected.get("owner").asText(), row.owner(), where + "owner");
            assertEquals(expected.get("ticker").asText(), row.ticker(), where + "ticker");
            final AssetCell asset = AssetCell.of(Jsoup.parseBodyFragment(expected.get("asset_description").asText()).body());
            assertEquals(asset.name(), row.assetName(), where + "asset name");
            assertEquals(asset.details(), row.assetDetails(), where + "asset details");
            assertEquals(expected.get("asset_type").asText(), row.assetType(), where + "asset type");
            assertEquals(expected.get("type").asText(), row.type(), where + "type");
            assertEquals(expected.get("amount").asText(), row.amount(), where + "amount");
            assertEquals(expected.get("comment").asText(), row.comment(), where + "comment");
        }
    }

    @Test
    void rowsBecomeNormalisedTransactions() throws Exception {
        final SenatePtr carper = SenatePtrParser.parse(page("2f4e395e-7637-45c7-a85a-72823a87918c"), "carper");
        final Transaction first = SenateTransactions.interpret(carper.rows().getFirst()).transaction();
        assertEquals(Owner.SPOUSE, first.owner());
        assertNull(first.ticker(), "'--' means no ticker");
        assertEquals("CS Contingent Autocall on MSFT", first.assetName());
        assertEquals("Rate/Coupon: 8.25% Matures: 09/30/2022", first.description());
        assertEquals("Corporate Bond", first.assetTypeLabel());
        assertEquals("CS", first.assetTypeCode());
        assertEquals(TransactionType.PURCHASE, first.type());
        assertEquals(Amount.parse("$15,001 - $50,000").orElseThrow(), first.amount());
        assertNull(first.comment(), "'--' means no comment");
        assertEquals("6", first.transactionId(), "the page's # column");
        assertEquals(TransactionType.SALE, SenateTransactions.interpret(carper.rows().get(3)).transaction().type(), "Sale (Full)");

        final SenatePtr coons = SenatePtrParser.parse(page("e356c17f-8053-4e6a-a7a4-f6507ac6d2fa"), "coons");
        final Transaction gore = SenateTransactions.interpret(coons.rows().getFirst()).transaction();
        assertEquals("W.L. Gore", gore.assetName());
        assertEquals("Company: W.L. Gore & Associates (Newark, DE); Description: Advanced materials manufacturing", gore.description());
        assertEquals(TransactionType.SALE_PARTIAL, gore.type());
        assertEquals("PS", gore.assetTypeCode(), "Non-Public Stock");
        assertEquals("The Honorable Christopher A Coons (Coons, Chris)", coons.filer());
        assertEquals("07/02/2019 @ 2:11 PM", coons.filed());
    }

    @Test
    void aChangedTableLayoutFailsClearly() throws Exception {
        final String renamed = page("e356c17f-8053-4e6a-a7a4-f6507ac6d2fa").replace("<th scope=\"col\">Asset Type</th>", "<th scope=\"col\">Kind</th>");
        final SourceException failure = assertThrows(SourceException.class, () -> SenatePtrParser.parse(renamed, "renamed.html"));
        assertEquals(Code.HTML_LAYOUT_CHANGED, failure.code());
        assertTrue(failure.getMessage().contains("[#, Transaction Date, Owner, Ticker, Asset Name, Kind, Type, Amount, Comment]"), failure.getMessage());

        final String noTable = "<html><body><h1>Periodic Transaction Report</h1><p>Maintenance</p></body></html>";
        assertEquals(Code.HTML_LAYOUT_CHANGED, assertThrows(SourceException.class, () -> SenatePtrParser.parse(noTable, "x")).code());

        final String lostRow = page("2f4e395e-7637-45c7-a85a-72823a87918c").replaceFirst("(?s)<tr>\\s*<td>6</td>.*?</tr>", "");
        final SourceException count = assertThrows(SourceException.class, () -> SenatePtrParser.parse(lostRow, "lost.html"));
        assertTrue(count.getMessage().contains("announces 6 transactions but its table has 5 rows"), count.getMessage());
    }

    @Test
    void theAgreementPageInsteadOfAReportIsASessionProblem() {
        final String agreement = "<form method=\"POST\"><input type=\"hidden\" name=\"csrfmiddlewaretoken\" value=\"x\">"
                + "<input type=\"checkbox\" name=\"prohibition_agreement\" value=\"1\"></form>";
        final SourceException failure = assertThrows(SourceException.class, () -> SenatePtrParser.parse(agreement, "page"));
        assertEquals(Code.SESSION_REJECTED, failure.code());
        assertTrue(failure.retryable());
    }

    static String page(final String uuid) throws IOException {
        return Files.readString(SharedPtrs.senatePage(uuid), StandardCharsets.UTF_8);
    }

    private static JsonNode stockWatcherFiling(final String daily, final String uuid) throws IOException {
        final List<JsonNode> matches = new ArrayList<>();
        for (JsonNode filing : JSON.readTree(SharedData.path("congress/senate_stock_watcher/daily/" + daily).toFile())) {
            if (filing.get("ptr_link").asText().contains(uuid)) {
                matches.add(filing);
            }
        }
        assertEquals(1, matches.size());
        return matches.getFirst();
    }
}
