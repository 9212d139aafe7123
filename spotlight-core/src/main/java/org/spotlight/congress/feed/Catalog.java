package org.spotlight.congress.feed;

import java.util.List;
import java.util.function.Consumer;

/**
 * The filings of one scope (a source and year) as its index lists them now.
 *
 * @param fresh      false when the index was unchanged since the last complete run (a 304), so nothing is listed
 * @param onComplete records what a complete pass over this index should remember (its validators)
 */
public record Catalog(String scope, boolean fresh, List<PendingFiling> filings, Consumer<FeedState> onComplete) {

    public static Catalog unchanged(final String scope) {
        return new Catalog(scope, false, List.of(), state -> {
        });
    }
}
