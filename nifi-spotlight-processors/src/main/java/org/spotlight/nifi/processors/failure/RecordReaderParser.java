package org.spotlight.nifi.processors.failure;

import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.spotlight.failure.RecordParser;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NiFi Record Reader as the failure domain's {@link RecordParser}. Records are read leniently: values are not
 * coerced to the reader's schema and fields outside it are kept, so a record is stored as it came, whatever made it fail.
 */
final class RecordReaderParser implements RecordParser {

    private final RecordReaderFactory factory;
    private final Map<String, String> attributes;
    private final long size;
    private final ComponentLog logger;

    RecordReaderParser(final RecordReaderFactory factory, final Map<String, String> attributes, final long size, final ComponentLog logger) {
        this.factory = factory;
        this.attributes = attributes;
        this.size = size;
        this.logger = logger;
    }

    @Override
    public RecordCursor open(final InputStream content) throws Exception {
        final RecordReader reader = factory.createRecordReader(attributes, content, size, logger);
        return new RecordCursor() {
            @Override
            public Map<String, Object> next() throws Exception {
                final Record record = reader.nextRecord(false, false);
                return record == null ? null : toMap(record);
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    static Map<String, Object> toMap(final Record record) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (String field : record.getRawFieldNames()) {
            values.put(field, plain(record.getValue(field)));
        }
        return values;
    }

    private static Object plain(final Object value) {
        if (value instanceof Record nested) {
            return toMap(nested);
        }
        if (value instanceof Object[] array) {
            final List<Object> elements = new ArrayList<>(array.length);
            for (Object element : array) {
                elements.add(plain(element));
            }
            return elements;
        }
        if (value instanceof Map<?, ?> map) {
            final Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((key, entry) -> entries.put(String.valueOf(key), plain(entry)));
            return entries;
        }
        return value;
    }
}
