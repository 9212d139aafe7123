package org.spotlight.clickhouse.insert;

import org.spotlight.clickhouse.types.ClickHouseColumn;

import java.io.IOException;
import java.io.OutputStream;
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
     * the column; a {@link Rejected} in every place for a record that fails on its own. The values array is reused
     * between records.
     *
     * @throws MalformedRecordsException when the input cannot be read as records from some record on
     * @throws IOException               when the input cannot be read at all
     */
    void read(List<String> columns, Visitor visitor) throws IOException;

    /**
     * Forwards the records as RowBinary row bytes, without decoding them, when the source holds them encoded for exactly
     * {@code columns} (names and types, in this order), as {@link RowBinaryWithNamesAndTypes} content can. The same
     * records, in the same order, as {@link #read} gives.
     *
     * @param defaultFlags whether to write a 0 byte ("not the default") before every value, as RowBinaryWithDefaults has it
     * @return the number of records read, up to where the filter stopped; -1 when the source does not hold such rows,
     *         and then nothing was written
     * @throws MalformedRecordsException when the rows cannot be read from some record on
     */
    default int forwardRowBinary(final List<ClickHouseColumn> columns, final RowBinaryWithNamesAndTypes.Reader.RowFilter filter,
                                 final boolean defaultFlags, final OutputStream out) throws IOException {
        return -1;
    }

    /**
     * In place of every value of a record that is no valid record (broken JSON, a value that is not an object, a JSON
     * object that names a field twice, so which value is meant cannot be known): the record fails with this code and
     * reason, and the records after it go on.
     */
    record Rejected(String code, String message) {
    }

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
