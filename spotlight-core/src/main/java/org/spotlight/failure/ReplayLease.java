package org.spotlight.failure;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The right to replay failures, held by one replay run at a time across every task and cluster node. A failure is
 * replayed once because runs never overlap: a run selects what has no replay marker, emits it, and writes its markers
 * before it lets go of the lease, so the next run, wherever it runs, sees them. A lease held by a node that died expires
 * after {@code duration}; the run that holds it renews it before it emits anything, and gives up the run if another
 * took the lease over in the meantime.
 * <p>
 * The lease lives in a {@link Store} that can swap a value atomically: NiFi's cluster state (ZooKeeper, or the
 * Kubernetes state provider) for a processor.
 */
public final class ReplayLease {

    /** A value that can be compared and swapped atomically, shared by every task and node. */
    public interface Store {
        /** @return the current value, or null when there is none */
        String get() throws IOException;

        /** Sets {@code value} (null to remove it) if the current value is still {@code expected}; @return whether it did. */
        boolean replace(String expected, String value) throws IOException;
    }

    private final Store store;
    private final String owner;
    private final Duration duration;
    private final Clock clock;

    /**
     * @param owner    who holds the lease: unique per processor instance and node
     * @param duration how long a lease lasts unless renewed
     */
    public ReplayLease(final Store store, final String owner, final Duration duration, final Clock clock) {
        if (owner.contains("|")) {
            throw new IllegalArgumentException("An owner may not contain '|': " + owner);
        }
        this.store = store;
        this.owner = owner;
        this.duration = duration;
        this.clock = clock;
    }

    /**
     * Takes the lease if it is free, expired or already this owner's (renewing it).
     *
     * @return whether this owner holds the lease now
     */
    public boolean acquire() throws IOException {
        final String current = store.get();
        if (current != null && !owner.equals(ownerOf(current)) && clock.instant().isBefore(expiryOf(current))) {
            return false;
        }
        return store.replace(current, owner + "|" + clock.instant().plus(duration).toEpochMilli());
    }

    /** Renews a lease this owner holds; @return false when it lost it (expired and taken over). */
    public boolean renew() throws IOException {
        final String current = store.get();
        return current != null && owner.equals(ownerOf(current)) && store.replace(current, owner + "|" + clock.instant().plus(duration).toEpochMilli());
    }

    /** Gives the lease up, if this owner still holds it. */
    public void release() throws IOException {
        final String current = store.get();
        if (current != null && owner.equals(ownerOf(current))) {
            store.replace(current, null);
        }
    }

    /** Who holds the lease and until when, for messages; "nobody" when it is free. */
    public String describe() throws IOException {
        final String current = store.get();
        return current == null ? "nobody" : ownerOf(current) + " until " + expiryOf(current);
    }

    private static String ownerOf(final String value) {
        final int bar = value.lastIndexOf('|');
        return bar < 0 ? value : value.substring(0, bar);
    }

    private static Instant expiryOf(final String value) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(value.substring(value.lastIndexOf('|') + 1)));
        } catch (final NumberFormatException e) {
            // Not a lease this class wrote: treat it as expired rather than blocking replays for ever.
            return Instant.MIN;
        }
    }

    @Override
    public String toString() {
        return "ReplayLease[" + owner + ", " + duration + "]";
    }
}
