package org.spotlight.clickhouse.insert;

import java.io.IOException;

/**
 * Writes rows of already converted values in one of ClickHouse's input formats, straight into an insert's request
 * body. A row is an array in insert-column order; {@link #DEFAULT} in a slot asks the server for the column's
 * default, which only formats that {@linkplain InsertFormat#fillsDefaultsPerRow fill defaults per row} accept.
 */
public interface RowWriter {

    /** Marks a value the server should fill with the column's DEFAULT expression (or the type's default). */
    Object DEFAULT = new Object() {
        @Override
        public String toString() {
            return "DEFAULT";
        }
    };

    void write(Object[] row) throws IOException;

    /** Hands every buffered byte to the request body. */
    void finish() throws IOException;

    /**
     * Ends the body inside a row and hands it over, for an insert being given up: the request may still reach the
     * server complete (the HTTP client closes the body as the writer fails), and a body that ends between rows would be
     * stored, in part, by an insert that is to be retried without it. Cut inside a row, it fails to parse instead.
     *
     * @return false where no cut is possible (one column of a one-byte type in RowBinary)
     */
    boolean abandon() throws IOException;

    /** Bytes written so far, buffered or not. */
    long bytesWritten();
}
