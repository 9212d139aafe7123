package org.spotlight.congress.feed;

import org.spotlight.congress.http.Validators;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the feed remembers between runs, per scope (a source and year, e.g. {@code house_clerk/2025}): each
 * handled filing's fingerprint, and the validators of the scope's index for conditional requests. A filing is
 * skipped while its fingerprint is unchanged, so a second run over the same index emits nothing, a corrected
 * index row is processed again, and a new amendment (a new filing) is processed once.
 *
 * <p>Encoded as a flat string map (NiFi's cluster state): {@code filings:<scope>} holds
 * {@code id=fingerprint} pairs separated by commas, a fingerprint ending in {@code !} marking a filing that
 * failed permanently (reported once, not retried unless asked); {@code index:<scope>} holds the validators.
 * About 20 to 50 bytes per filing.
 */
public final class FeedState {

    private static final String FILINGS = "filings:";
    private static final String INDEX = "index:";
    private static final String FAILED = "!";

    private final Map<String, Map<String, String>> filings = new TreeMap<>();
    private final Map<String, Validators> indexValidators = new TreeMap<>();

    public static FeedState decode(final Map<String, String> encoded) {
        final FeedState state = new FeedState();
        encoded.forEach((key, value) -> {
            if (key.startsWith(FILINGS)) {
                final Map<String, String> scope = state.scope(key.substring(FILINGS.length()));
                for (String pair : value.split(",")) {
                    final int equals = pair.indexOf('=');
                    if (equals > 0) {
                        scope.put(pair.substring(0, equals), pair.substring(equals + 1));
                    }
                }
            } else if (key.startsWith(INDEX)) {
                state.indexValidators.put(key.substring(INDEX.length()), Validators.decode(value));
            }
        });
        return state;
    }

    public Map<String, String> encode() {
        final Map<String, String> encoded = new TreeMap<>();
        filings.forEach((scope, entries) -> {
            if (!entries.isEmpty()) {
                final StringBuilder value = new StringBuilder();
                new TreeMap<>(entries).forEach((id, fingerprint) -> value.append(value.isEmpty() ? "" : ",").append(id).append('=').append(fingerprint));
                encoded.put(FILINGS + scope, value.toString());
            }
        });
        indexValidators.forEach((scope, validators) -> {
            if (!validators.isEmpty()) {
                encoded.put(INDEX + scope, validators.encode());
            }
        });
        return encoded;
    }

    /** True when the filing was handled with this fingerprint, and (unless retrying failures) also when it failed permanently. */
    public boolean isHandled(final String scope, final String id, final String fingerprint, final boolean retryFailed) {
        final String known = filings.getOrDefault(scope, Map.of()).get(id);
        if (known == null) {
            return false;
        }
        if (known.equals(fingerprint)) {
            return true;
        }
        return !retryFailed && known.equals(fingerprint + FAILED);
    }

    public void markProcessed(final String scope, final String id, final String fingerprint) {
        scope(scope).put(id, fingerprint);
    }

    public void markFailed(final String scope, final String id, final String fingerprint) {
        scope(scope).put(id, fingerprint + FAILED);
    }

    public int handledCount(final String scope) {
        return filings.getOrDefault(scope, Map.of()).size();
    }

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

    /** Forgets filings the index no longer lists, so state does not grow with withdrawn filings. */
    public void retainFilings(final String scope, final Set<String> listedIds) {
        final Map<String, String> entries = filings.get(scope);
        if (entries != null) {
            entries.keySet().retainAll(listedIds);
        }
    }

    /** Forgets scopes the feed no longer covers (years dropped from the configuration, sources deselected). */
    public void retainScopes(final Collection<String> scopes) {
        filings.keySet().retainAll(scopes);
        indexValidators.keySet().retainAll(scopes);
    }

    private Map<String, String> scope(final String scope) {
        return filings.computeIfAbsent(scope, key -> new HashMap<>());
    }
}
