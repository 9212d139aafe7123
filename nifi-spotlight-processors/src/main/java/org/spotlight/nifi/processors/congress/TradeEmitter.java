package org.spotlight.nifi.processors.congress;

import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.RecordSchema;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.enrichment.TradeEnricher;
import org.spotlight.congress.feed.FeedListener;
import org.spotlight.congress.feed.FilingResult;
import org.spotlight.congress.model.Filing;
import org.spotlight.congress.model.TradeRecord;
import org.spotlight.congress.model.TradeSource;
import org.spotlight.SpotlightAttributes;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the feed's results into FlowFiles as they arrive: records through the Record Writer (one FlowFile per
 * filing, or one per run with the writer kept open), failures as the document that failed with the reason in
 * spotlight.error.* attributes.
 */
final class TradeEmitter implements FeedListener {

    private final ProcessSession session;
    private final RecordSetWriterFactory writerFactory;
    private final OutputGrouping grouping;
    private final ComponentLog log;
    private Batch batch;

    TradeEmitter(final ProcessSession session, final RecordSetWriterFactory writerFactory, final OutputGrouping grouping, final ComponentLog log) {
        this.session = session;
        this.writerFactory = writerFactory;
        this.grouping = grouping;
        this.log = log;
    }

    @Override
    public void onFiling(final FilingResult parsed) {
        if (!parsed.succeeded()) {
            emitFailure(parsed);
            return;
        }
        final FilingResult result = new FilingResult(parsed.filing(), TradeEnricher.enrich(parsed.records()), parsed.document(), null);
        if (grouping == OutputGrouping.PER_FILING) {
            final Batch single = new Batch(filingAttributes(result.filing(), result.records()));
            single.write(result);
            single.finish(result.filing().documentUrl());
        } else {
            if (batch == null) {
                batch = new Batch(new HashMap<>());
            }
            batch.write(result);
        }
    }

    @Override
    public void onIndexFailure(final TradeSource source, final String scope, final SourceException error) {
        final String message = "Cannot read the " + scope + " index: " + error.codeName() + ": " + error.getMessage()
                + (error.retryable() ? "; the next run tries again" : "");
        if (error.retryable()) {
            log.warn(message);
        } else {
            log.error(message);
        }
    }

    /** Completes the per-run FlowFile, if any records came. */
    void finish() {
        if (batch != null) {
            batch.finish(batch.firstDocumentUrl);
            batch = null;
        }
    }

    private void emitFailure(final FilingResult result) {
        final SourceException error = result.error();
        final Filing filing = result.filing();
        FlowFile flowFile = session.create();
        if (result.document() != null && result.document().content().length > 0) {
            flowFile = session.write(flowFile, out -> out.write(result.document().content()));
        }
        final Map<String, String> attributes = filingAttributes(filing, null);
        attributes.put(SpotlightAttributes.ERROR_SOURCE, FetchCongressTrades.class.getSimpleName());
        attributes.put(SpotlightAttributes.ERROR_CODE, error.codeName());
        attributes.put(SpotlightAttributes.ERROR_MESSAGE, error.getMessage());
        attributes.put(SpotlightAttributes.ERROR_RETRYABLE, Boolean.toString(error.retryable()));
        attributes.put(SpotlightAttributes.ERROR_CLASS, error.retryable() ? "transient" : "permanent");
        attributes.put(SpotlightAttributes.RECORD_COUNT, "0");
        if (result.document() != null) {
            attributes.put(CoreAttributes.MIME_TYPE.key(), result.document().ref().contentType());
            attributes.put(CoreAttributes.FILENAME.key(), result.document().ref().id() + "." + result.document().ref().extension());
        }
        flowFile = session.putAllAttributes(flowFile, attributes);
        session.getProvenanceReporter().receive(flowFile, filing.documentUrl(), "failed: " + error.codeName());
        session.transfer(flowFile, FetchCongressTrades.REL_FAILURE);
        final String message = filing.describe() + " failed: " + error.codeName() + ": " + error.getMessage()
                + (error.retryable() ? "; the next run tries again" : "; routed to failure");
        if (error.retryable()) {
            log.warn(message);
        } else {
            log.error(message);
        }
    }

    private static Map<String, String> filingAttributes(final Filing filing, final List<TradeRecord> records) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put(FetchCongressTrades.CHAMBER, filing.chamber().code());
        attributes.put(FetchCongressTrades.SOURCE, filing.source().code());
        attributes.put(FetchCongressTrades.FILING_ID, filing.filingId());
        if (filing.filingDate() != null) {
            attributes.put(FetchCongressTrades.FILING_DATE, filing.filingDate().toString());
        }
        if (filing.member() != null && filing.member().fullName() != null) {
            attributes.put(FetchCongressTrades.MEMBER, filing.member().fullName());
        }
        if (filing.documentUrl() != null) {
            attributes.put(FetchCongressTrades.DOCUMENT_URL, filing.documentUrl());
        }
        attributes.put(FetchCongressTrades.SCANNED, Boolean.toString(filing.scanned()));
        if (records != null && !records.isEmpty() && records.getFirst().rawObjectUri() != null) {
            attributes.put(FetchCongressTrades.RAW_URI, records.getFirst().rawObjectUri());
        }
        return attributes;
    }

    /** One output FlowFile with an open Record Writer. */
    private final class Batch {
        private final Map<String, String> attributes;
        private FlowFile flowFile;
        private OutputStream out;
        private RecordSetWriter writer;
        private int filings;
        private int unidentified;
        private String firstDocumentUrl;

        Batch(final Map<String, String> attributes) {
            this.attributes = attributes;
        }

        void write(final FilingResult result) {
            try {
                if (writer == null) {
                    open();
                }
                for (TradeRecord record : result.records()) {
                    writer.write(TradeRecordSchema.toRecord(record));
                    if (record.filing().member() == null || record.filing().member().bioguideId() == null) {
                        unidentified++;
                    }
                }
                filings++;
                if (firstDocumentUrl == null) {
                    firstDocumentUrl = result.filing().documentUrl();
                }
            } catch (final IOException e) {
                throw new ProcessException("Writing the records of " + result.filing().describe() + " failed", e);
            }
        }

        private void open() throws IOException {
            flowFile = session.create();
            final RecordSchema schema;
            try {
                schema = writerFactory.getSchema(attributes, TradeRecordSchema.SCHEMA);
            } catch (final SchemaNotFoundException e) {
                throw new ProcessException("The Record Writer has no schema for trade records: " + e.getMessage(), e);
            }
            out = session.write(flowFile);
            try {
                writer = writerFactory.createWriter(log, schema, out, attributes);
            } catch (final SchemaNotFoundException e) {
                throw new ProcessException("The Record Writer cannot write trade records: " + e.getMessage(), e);
            }
            writer.beginRecordSet();
        }

        void finish(final String transitUri) {
            if (writer == null) {
                return;
            }
            try {
                final WriteResult written = writer.finishRecordSet();
                final String mimeType = writer.getMimeType();
                writer.close();
                out.close();
                attributes.putAll(written.getAttributes());
                attributes.put(SpotlightAttributes.RECORD_COUNT, Integer.toString(written.getRecordCount()));
                attributes.put(FetchCongressTrades.FILING_COUNT, Integer.toString(filings));
                attributes.put(FetchCongressTrades.MEMBER_UNIDENTIFIED, Integer.toString(unidentified));
                attributes.put(CoreAttributes.MIME_TYPE.key(), mimeType);
            } catch (final IOException e) {
                throw new ProcessException("Completing the trade records FlowFile failed", e);
            }
            flowFile = session.putAllAttributes(flowFile, attributes);
            session.getProvenanceReporter().receive(flowFile, transitUri, filings + " filing(s), " + attributes.get(SpotlightAttributes.RECORD_COUNT) + " record(s)");
            session.transfer(flowFile, FetchCongressTrades.REL_SUCCESS);
        }
    }
}
