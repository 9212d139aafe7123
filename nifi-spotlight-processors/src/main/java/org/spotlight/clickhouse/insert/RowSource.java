package org.spotlight.clickhouse.insert;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The records of one input, typically a FlowFile, as values for target columns. A batch insert reads a source more
 * than once (to isolate rejected rows, to insert rows that leave columns to their defaults separately, when the
 * client resends a request), so every read must return the same records in the same order.
 */
public interface RowSource {

    /**
     * Stable identity of this input's records: Kafka offsets, or a hash of the content. A source may learn a content
     * hash only while it is read: then this is null until one complete read has happened.
     */
    String idempotencyKey();

    /** The target columns this source has fields for. Columns it lacks take their default. */
    Set<String> columns();

    /**
     * Reads the records in order and hands each one to the visitor as raw values in the order of {@code columns}:
     * the record's value, null for a null value, or {@link RowWriter#DEFAULT} where the source has no field for
     * the column. The values array is reused between records.
     *
     * @throws MalformedRecordsException when the input cannot be read as records from some record on
     * @throws IOException               when the input cannot be read at all
     */
    void read(List<String> columns, Visitor visitor) throws IOException;

    @FunctionalInterface
    interface Visitor {
        /**
         * @return false to stop reading this source
         */
        boolean visit(int recordIndex, Object[] values) throws IOException;
    }

    /** The input is not a sequence of records from {@code recordIndex} on, e.g. malformed JSON. */
    final class MalformedRecordsException extends IOException {
        private final int recordIndex;

        public MalformedRecordsException(final int recordIndex, final String message, final Throwable cause) {
            super(message, cause);
            this.recordIndex = recordIndex;
        }

        public int recordIndex() {
            return recordIndex;
        }
    }
}
