package org.spotlight.typing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
}
