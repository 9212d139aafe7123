package org.spotlight.failure;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads records from content: the processor implements it over the configured NiFi Record Reader. Any exception
 * while opening or reading means the content is not (entirely) readable as records, and it is stored whole instead.
 */
@FunctionalInterface
public interface RecordParser {

    /** Opens a cursor over the records in {@code content}; closing the cursor closes the stream. */
    RecordCursor open(InputStream content) throws Exception;

    /** Records one at a time, as plain maps (nested records as maps, arrays as arrays or lists). */
    interface RecordCursor extends Closeable {
        /** @return the next record, or null after the last one */
        Map<String, Object> next() throws Exception;

        @Override
        void close() throws IOException;
    }
}
