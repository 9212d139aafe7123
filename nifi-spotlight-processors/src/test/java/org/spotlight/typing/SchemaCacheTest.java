package org.spotlight.typing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaCacheTest {

    private static SchemaCache.Entry entry(final long version) {
        final SchemaProfile profile = new SchemaProfile(TypingOptions.defaults());
        return new SchemaCache.Entry(profile, new InferredSchema(List.of(), List.of()), version);
    }

    @Test
    void keepsTheNewestVersionAndEvictsTheLeastRecentlyUsed() {
        final SchemaCache cache = new SchemaCache(2);
        final SchemaCache.Entry first = entry(1);
        assertSame(first, cache.put("a", first));
        final SchemaCache.Entry second = entry(2);
        cache.put("a", second);
        assertSame(second, cache.put("a", entry(2)), "a concurrent writer of the same version does not replace it");
        assertSame(second, cache.put("a", entry(1)), "nor does an older one");

        cache.put("b", entry(1));
        cache.get("a");
        cache.put("c", entry(1));
        assertNull(cache.get("b"), "b was used least recently");
        assertSame(second, cache.get("a"));
        assertEquals(2, cache.size());
    }

    @Test
    void samplesWidenTheCachedSchemaAndBumpItsVersion() {
        final SchemaCache cache = new SchemaCache(10);
        final SchemaProfile first = Typing.profile("{\"id\": 1}", TypingOptions.defaults());
        final SchemaCache.Entry entry = cache.put("trades", new SchemaCache.Entry(first, first.resolve(null), 1));

        final SchemaCache.Widening same = SchemaCache.widen(entry, Typing.profile("{\"id\": 2}", TypingOptions.defaults()));
        assertTrue(same.drift().isEmpty());
        assertEquals(1, same.version());
        assertSame(entry, cache.store("trades", same));
        assertSame(entry, cache.get("trades"));

        final SchemaCache.Widening wider = SchemaCache.widen(entry, Typing.profile("{\"id\": 2.5, \"x\": true}", TypingOptions.defaults()));
        assertEquals("id: Int64 -> Decimal(9, 1)", wider.drift().changedColumns());
        assertEquals("`x` Nullable(Bool)", wider.drift().addedColumns());
        assertEquals(2, wider.version());
        assertSame(entry, cache.get("trades"), "nothing is stored before the FlowFile is typed");
        cache.store("trades", wider);
        assertEquals(2, cache.get("trades").version());
        assertEquals(wider.schema(), cache.get("trades").schema());
    }
}
