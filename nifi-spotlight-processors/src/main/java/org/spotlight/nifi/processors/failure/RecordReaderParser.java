package org.spotlight.nifi.processors.failure;

import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.Record;
import org.spotlight.failure.RecordParser;
import org.spotlight.nifi.RecordValues;

import java.io.IOException;
import java.io.InputStream;
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
                return record == null ? null : RecordValues.AS_READ.toMap(record);
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}
