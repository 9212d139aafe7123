package org.spotlight.failure;

import org.spotlight.clickhouse.ClickHouseErrors;
import org.spotlight.clickhouse.insert.InsertErrors;
import org.spotlight.clickhouse.client.ClickHouseException;
import org.spotlight.storage.ObjectStorageException;

import java.io.IOException;

/** What a failed attempt to store failures means for the FlowFiles it carried. */
public enum StoreTrouble {

    /** The failure table or the object storage cannot be reached, or is busy: the same FlowFiles go in later. */
    UNAVAILABLE,
    /**
     * The store refuses whatever it is given (its table or database is gone, the user lacks a permission, the bucket is
     * missing): nothing can be stored until an operator acts, or until the table or bucket is created again.
     */
    REFUSED_ALL,
    /** This FlowFile cannot be stored (the server refused its rows, or its content could not be read): others can. */
    REFUSED_FLOWFILE;

    public static StoreTrouble of(final Exception failure) {
        if (failure instanceof ClickHouseException clickHouse) {
            if (clickHouse.isRetryable()) {
                return UNAVAILABLE;
            }
            if (hasCause(clickHouse, ClickHouseErrors.WriterFailure.class)) {
                return REFUSED_FLOWFILE;
            }
            return InsertErrors.scopeOf(clickHouse) == InsertErrors.Scope.ROWS ? REFUSED_FLOWFILE : REFUSED_ALL;
        }
        if (failure instanceof ObjectStorageException storage) {
            return storage.isRetryable() ? UNAVAILABLE : REFUSED_ALL;
        }
        if (failure instanceof IOException) {
            return REFUSED_FLOWFILE;
        }
        throw new IllegalArgumentException("Not a failure of the failure store: " + failure, failure);
    }

    private static boolean hasCause(final Throwable failure, final Class<? extends Throwable> type) {
        for (Throwable current = failure; current != null; current = current.getCause() == current ? null : current.getCause()) {
            if (type.isInstance(current)) {
                return true;
            }
        }
        return false;
    }
}
