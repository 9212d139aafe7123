package org.spotlight.typing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ColumnNamesTest {

    @Test
    void snakeCase() {
        assertEquals("asset_type", ColumnNames.normalize("assetType", ColumnNames.Style.SNAKE_CASE));
        assertEquals("asset_type", ColumnNames.normalize("Asset Type", ColumnNames.Style.SNAKE_CASE));
        assertEquals("http_server_url", ColumnNames.normalize("HTTPServerURL", ColumnNames.Style.SNAKE_CASE));
        assertEquals("ptr_link", ColumnNames.normalize("ptr_link", ColumnNames.Style.SNAKE_CASE));
        assertEquals("amount_usd", ColumnNames.normalize("Amount (USD)", ColumnNames.Style.SNAKE_CASE));
        assertEquals("_2020_total", ColumnNames.normalize("2020 Total", ColumnNames.Style.SNAKE_CASE), "no leading digit");
        assertEquals("cafe_name", ColumnNames.normalize("Café Name", ColumnNames.Style.SNAKE_CASE), "accents keep their letter");
        assertEquals("_id", ColumnNames.normalize("_id", ColumnNames.Style.SNAKE_CASE), "a leading underscore of the field stays");
        assertEquals("column", ColumnNames.normalize("日本", ColumnNames.Style.SNAKE_CASE), "nothing usable left");
        assertEquals(255, ColumnNames.normalize("x".repeat(300), ColumnNames.Style.SNAKE_CASE).length());
    }

    @Test
    void identifierKeepsCaseAndKeepOnlyDropsControlCharacters() {
        assertEquals("Asset_Type", ColumnNames.normalize("Asset Type", ColumnNames.Style.IDENTIFIER));
        assertEquals("assetType", ColumnNames.normalize("assetType", ColumnNames.Style.IDENTIFIER));
        assertEquals("Asset Type.x", ColumnNames.normalize("Asset Type.x", ColumnNames.Style.KEEP));
        assertEquals("a_b", ColumnNames.normalize("a\nb", ColumnNames.Style.KEEP));
    }

    @Test
    void collisionsAreResolvedInOrderOfAppearanceAndReported() {
        final ColumnNames names = new ColumnNames(ColumnNames.Style.SNAKE_CASE);
        assertEquals("amount", names.assign("Amount"));
        assertEquals("amount_2", names.assign("amount"));
        assertEquals("amount_3", names.assign("AMOUNT "));
        assertEquals("amount_2_2", names.assign("amount_2"), "a later field may not take a name handed out by a collision");
        assertEquals(List.of(
                        new ColumnNames.Rename("amount", "amount_2", "'amount' was already taken"),
                        new ColumnNames.Rename("AMOUNT ", "amount_3", "'amount' was already taken"),
                        new ColumnNames.Rename("amount_2", "amount_2_2", "'amount_2' was already taken")),
                names.renames().stream().filter(rename -> !rename.reason().equals("normalised")).toList());
        assertEquals(new ColumnNames.Rename("Amount", "amount", "normalised"), names.renames().getFirst());
    }

    @Test
    void reservedNamesAreNotHandedOut() {
        final ColumnNames names = new ColumnNames(ColumnNames.Style.KEEP);
        names.reserve("Ticker");
        assertEquals("ticker_2", names.assign("ticker"), "compared without case");
    }
}
