package org.spotlight.typing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Schemas of streams by a key the flow chooses (a Kafka topic, a source name ...), so that a steady stream is typed
 * with the schema its earlier records established instead of being re-inferred for every FlowFile. Least recently
 * used keys are evicted beyond the capacity. Thread-safe.
 */
public final class SchemaCache {

    /**
     * A stream's schema and the observations it was resolved from, which later samples are merged into.
     *
     * @param profile  everything sampled from the stream so far (never modified once cached)
     * @param schema   the schema resolved from it
     * @param version  1 for the first schema of the key, incremented with each drift
     */
    public record Entry(SchemaProfile profile, InferredSchema schema, long version) {
    }

    /**
     * A stream's schema after a sample was merged into it, not yet stored: the caller stores it with {@link #store}
     * once the FlowFile it was widened for has been typed, so that a FlowFile that fails on the way changes nothing.
     *
     * @param entry   the stream's entry after the sample (the same as before when nothing changed)
     * @param drift   how the schema changed; empty when the sample fitted the schema as it was
     */
    public record Widening(Entry entry, SchemaDrift drift) {
        public InferredSchema schema() {
            return entry.schema();
        }

        public long version() {
            return entry.version();
        }
    }

    private final Map<String, SchemaCache.Entry> entries;

    public SchemaCache(final int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, SchemaCache.Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Entry get(final String key) {
        return entries.get(key);
    }

    /**
     * Stores a schema unless another thread stored a newer version meanwhile.
     *
     * @return the entry now cached for the key
     */
    public synchronized Entry put(final String key, final Entry entry) {
        final Entry current = entries.get(key);
        if (current != null && current.version() >= entry.version()) {
            return current;
        }
        entries.put(key, entry);
        return entry;
    }

    /**
     * Merges a sample into a stream's observations. When that changes the schema (which only ever widens, and keeps
     * every column's name), the new schema is the next version. Nothing is stored.
     */
    public static Widening widen(final Entry entry, final SchemaProfile sample) {
        final SchemaProfile merged = entry.profile().mergedWith(sample);
        final InferredSchema widened = merged.resolve(entry.schema());
        final SchemaDrift drift = SchemaDrift.between(entry.schema(), widened);
        return drift.isEmpty() ? new Widening(entry, drift) : new Widening(new Entry(merged, widened, entry.version() + 1), drift);
    }

    /**
     * Stores a widened schema (when it changed), unless another task stored a newer version meanwhile: the FlowFile was
     * typed with the schema its own sample needs either way.
     */
    public Entry store(final String key, final Widening widening) {
        return widening.drift().isEmpty() ? widening.entry() : put(key, widening.entry());
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }
}
