package org.spotlight.congress.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The spacing of request starts, on a clock the test moves. */
class RateLimiterTest {

    private long now = 1_000_000_000L;
    private final List<Duration> waits = new ArrayList<>();
    private final RateLimiter limiter = new RateLimiter(Duration.ofMillis(250), wait -> {
        waits.add(wait);
        now += wait.toNanos();
    }, () -> now);

    @Test
    void spacesRequestStartsByTheInterval() throws Exception {
        limiter.acquire();
        limiter.acquire();
        now += Duration.ofMillis(100).toNanos();
        limiter.acquire();
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(150)), waits, "the first goes at once, the others 250 ms after the one before");
    }

    @Test
    void aRequestAfterALongPauseGoesAtOnce() throws Exception {
        limiter.acquire();
        now += Duration.ofSeconds(5).toNanos();
        limiter.acquire();
        assertEquals(List.of(), waits);
    }
}
