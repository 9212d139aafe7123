package org.spotlight.nifi.processors.typing;

import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spotlight.typing.InferredSchema;
import org.spotlight.format.json.JsonRecordReader;
import org.spotlight.typing.RecordPreparer;
import org.spotlight.typing.SchemaProfile;
import org.spotlight.typing.TypingOptions;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every row of the inference quality table (docs/type-inference.md) as a test: NiFi's JsonTreeReader really infers what
 * the table says, InferSchemaAndCast infers what the table says, and InferSchemaAndCast types every record of the row
 * into a record schema without CHOICE types.
 */
class TypeInferenceQualityTest {

    static List<QualityCase> cases() {
        return QualityCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void nifisJsonTreeReaderInfersWhatTheTableSays(final QualityCase row) throws Exception {
        assertEquals(row.nifi(), NiFiInference.inferredSchema(row.json()), row.id());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inferSchemaAndCastInfersWhatTheTableSaysAndTypesEveryRecord(final QualityCase row) throws Exception {
        final MockFlowFile typed = run(row);
        assertEquals(row.ours(), typed.getAttribute(InferSchemaAndCast.ATTR_COLUMNS), row.id());
        assertEquals(String.valueOf(row.records().size()), typed.getAttribute("record.count"), "every record typed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void recordSchemasHaveNoChoiceTypes(final QualityCase row) throws Exception {
        final SchemaProfile profile = new SchemaProfile(TypingOptions.defaults());
        final RecordPreparer preparer = RecordPreparer.of(TypingOptions.defaults());
        try (JsonRecordReader reader = new JsonRecordReader(new ByteArrayInputStream(row.json().getBytes(StandardCharsets.UTF_8)))) {
            Map<String, Object> record;
            while ((record = reader.next()) != null) {
                profile.observe(preparer.prepare(record));
            }
        }
        final InferredSchema schema = profile.resolve(null);
        final RecordSchema recordSchema = ClickHouseRecordTypes.schema(schema.columns(), true);
        assertFalse(NiFiInference.render(recordSchema).contains("CHOICE"), NiFiInference.render(recordSchema));
    }

    /** InferSchemaAndCast with default settings over the row's records. */
    static MockFlowFile run(final QualityCase row) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(InferSchemaAndCast.class);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.enableControllerService(writer);
        runner.setProperty(TypingProperties.OUTPUT_FORMAT, TypingProperties.OutputFormat.RECORD_WRITER);
        runner.setProperty(TypingProperties.RECORD_WRITER, "writer");
        runner.enqueue(row.json());
        runner.run();
        runner.assertAllFlowFilesTransferred(InferSchemaAndCast.REL_SUCCESS, 1);
        return runner.getFlowFilesForRelationship(InferSchemaAndCast.REL_SUCCESS).getFirst();
    }
}
