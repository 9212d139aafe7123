package org.spotlight.congress.senate;

import org.jsoup.nodes.Element;

import java.util.List;

/**
 * The eFD's asset cell: the asset's name as the cell's own text, then detail lines in {@code div}s
 * ("Rate/Coupon: 8.25%", "Matures: 09/30/2022", "Company: ...", "Description: ...").
 *
 * @param details the detail lines joined with "; ", or null when there are none
 */
public record AssetCell(String name, String details) {

    public static AssetCell of(final Element cell) {
        final List<String> lines = cell.select("div").eachText().stream().map(AssetCell::clean).filter(line -> !line.isEmpty()).toList();
        return new AssetCell(clean(cell.ownText()), lines.isEmpty() ? null : String.join("; ", lines));
    }

    /** Collapses whitespace, including the no-break spaces the eFD puts between detail labels and values. */
    public static String clean(final String text) {
        return text == null ? "" : text.replace('\u00A0', ' ').replaceAll("\\s+", " ").trim();
    }
}
