package org.spotlight.format.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only record whose field names live in a {@link Shape} shared by all records with the same fields in the same
 * order (nearly every record of a stream), and whose values are a plain array. Records of one shape are typed by
 * position, without hashing a field name per value, and take a third of the objects a LinkedHashMap does.
 */
public final class CompactRecord extends AbstractMap<String, Object> {

    /** Field names in order, shared by records. */
    public static final class Shape {
        private final String[] names;
        private final Map<String, Integer> positions;

        /** @return the shape, or null when a name repeats (such records stay maps) */
        static Shape of(final List<String> names) {
            final Map<String, Integer> positions = new HashMap<>(names.size() * 2);
            for (int i = 0; i < names.size(); i++) {
                if (positions.put(names.get(i), i) != null) {
                    return null;
                }
            }
            return new Shape(names.toArray(String[]::new), positions);
        }

        private Shape(final String[] names, final Map<String, Integer> positions) {
            this.names = names;
            this.positions = positions;
        }

        public int size() {
            return names.length;
        }

        public String name(final int position) {
            return names[position];
        }

        /** @return the position of the field, or -1 */
        public int position(final String name) {
            final Integer position = positions.get(name);
            return position == null ? -1 : position;
        }
    }

    private final Shape shape;
    private final Object[] values;

    CompactRecord(final Shape shape, final Object[] values) {
        this.shape = shape;
        this.values = values;
    }

    public Shape shape() {
        return shape;
    }

    public Object valueAt(final int position) {
        return values[position];
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public boolean containsKey(final Object key) {
        return key instanceof String name && shape.position(name) >= 0;
    }

    @Override
    public Object get(final Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        final int position = shape.position(name);
        return position < 0 ? null : values[position];
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        final int position = next++;
                        return new SimpleImmutableEntry<>(shape.names[position], values[position]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    @Override
    public String toString() {
        return "CompactRecord" + Arrays.toString(shape.names) + "=" + Arrays.toString(values);
    }
}
