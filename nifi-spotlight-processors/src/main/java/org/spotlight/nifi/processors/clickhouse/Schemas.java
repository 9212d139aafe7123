package org.spotlight.nifi.processors.clickhouse;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.clickhouse.insert.IdempotencyKeys;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** What PutClickHouseBatch learns about a FlowFile before inserting it: its record schema and its idempotency key. */
final class Schemas {

    /** The FlowFile cannot be read as records at all. */
    static final class UnreadableException extends Exception {
        UnreadableException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }

    private Schemas() {
    }

    static RecordSchema read(final ProcessSession session, final FlowFile flowFile, final RecordReaderFactory readerFactory,
                             final ComponentLog logger) throws UnreadableException {
        try (InputStream in = session.read(flowFile);
             RecordReader reader = readerFactory.createRecordReader(flowFile, in, logger)) {
            return reader.getSchema();
        } catch (final MalformedRecordException | SchemaNotFoundException | IOException e) {
            throw new UnreadableException("Cannot read the FlowFile's record schema: " + e.getMessage(), e);
        }
    }

    /**
     * @param hashContent whether to hash the content now when the key comes from it; otherwise null is returned for
     *                    such FlowFiles and the hash is taken while their records are read
     */
    static String idempotencyKey(final ProcessSession session, final FlowFile flowFile, final PutClickHouseBatch.KeySource source,
                                 final boolean hashContent) {
        if (source == PutClickHouseBatch.KeySource.KAFKA_OR_CONTENT) {
            final String kafka = IdempotencyKeys.fromKafka(flowFile.getAttributes());
            if (kafka != null) {
                return kafka;
            }
        }
        if (!hashContent) {
            return null;
        }
        try (InputStream in = session.read(flowFile)) {
            return IdempotencyKeys.fromContent(in);
        } catch (final IOException e) {
            throw new ProcessException("Cannot read " + flowFile + " to hash its content", new UncheckedIOException(e));
        }
    }
}
