package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.serialization.record.Record;

import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns values as NiFi record readers produce them into the plain Java values Spotlight's value conversion expects:
 * nested records become maps, arrays become lists, and java.sql date types become java.time values.
 */
final class RecordValues {

    private RecordValues() {
    }

    static Object plain(final Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Double) {
            return value;
        }
        if (value instanceof Record record) {
            final Map<String, Object> map = new LinkedHashMap<>();
            for (String field : record.getSchema().getFieldNames()) {
                map.put(field, plain(record.getValue(field)));
            }
            return map;
        }
        if (value instanceof Object[] array) {
            if (array.length > 0 && array instanceof Byte[] bytes) {
                final byte[] content = new byte[bytes.length];
                for (int i = 0; i < bytes.length; i++) {
                    content[i] = bytes[i] == null ? 0 : bytes[i];
                }
                return content;
            }
            final List<Object> list = new ArrayList<>(array.length);
            for (Object element : array) {
                list.add(plain(element));
            }
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            final Map<Object, Object> plainMap = new LinkedHashMap<>();
            map.forEach((key, element) -> plainMap.put(key, plain(element)));
            return plainMap;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(RecordValues::plain).toList();
        }
        // java.sql.Date and Time refuse toInstant(); Timestamp keeps its nanoseconds in toInstant().
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof Time time) {
            return time.toLocalTime().toString();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof Character character) {
            return character.toString();
        }
        return value;
    }
}
