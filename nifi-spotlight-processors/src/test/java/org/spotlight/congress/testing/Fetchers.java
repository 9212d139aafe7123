package org.spotlight.congress.testing;

import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.http.Sleeper;

import java.time.Duration;

/** HTTP fetchers for tests against the local stand-in sites: no pauses between requests or before retries. */
public final class Fetchers {

    public static final String USER_AGENT = "Spotlight-test/0.1 (unit tests; local stand-in sites)";

    private Fetchers() {
    }

    public static HttpFetcher.Settings settings() {
        return new HttpFetcher.Settings(USER_AGENT, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ZERO, 2,
                Duration.ofMillis(10), Duration.ofMillis(50), 64L * 1024 * 1024, null);
    }

    public static HttpFetcher fast() {
        return new HttpFetcher(settings(), Sleeper.SYSTEM);
    }
}
