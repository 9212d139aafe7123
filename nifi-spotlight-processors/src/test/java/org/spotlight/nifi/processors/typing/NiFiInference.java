package org.spotlight.nifi.processors.typing;

import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.record.type.ArrayDataType;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.ChoiceDataType;
import org.apache.nifi.serialization.record.type.DecimalDataType;
import org.apache.nifi.serialization.record.type.MapDataType;
import org.apache.nifi.serialization.record.type.RecordDataType;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What NiFi 2.3.0's own JsonTreeReader infers ("Infer Schema", its default schema access strategy, default settings),
 * obtained by running it: the NiFi column of the quality table.
 */
final class NiFiInference {

    private NiFiInference() {
    }

    /** The inferred schema's fields as {@code name: TYPE, ...}. */
    static String inferredSchema(final String json) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final byte[] content = json.getBytes(StandardCharsets.UTF_8);
        final ComponentLog log = new MockComponentLog("reader", reader);
        try (RecordReader records = reader.createRecordReader(Map.of(), new ByteArrayInputStream(content), content.length, log)) {
            return render(records.getSchema());
        }
    }

    static String render(final RecordSchema schema) {
        return schema.getFields().stream().map(NiFiInference::render).collect(Collectors.joining(", "));
    }

    private static String render(final RecordField field) {
        return field.getFieldName() + ": " + render(field.getDataType());
    }

    /** A data type as NiFi names it, with its parameters: CHOICE(INT, STRING), DECIMAL(6, 4), RECORD(a: INT) ... */
    static String render(final DataType type) {
        return switch (type.getFieldType()) {
            case CHOICE -> "CHOICE(" + ((ChoiceDataType) type).getPossibleSubTypes().stream().map(NiFiInference::render).sorted()
                    .collect(Collectors.joining(", ")) + ")";
            case ARRAY -> "ARRAY(" + render(((ArrayDataType) type).getElementType()) + ")";
            case MAP -> "MAP(" + render(((MapDataType) type).getValueType()) + ")";
            case RECORD -> "RECORD(" + render(((RecordDataType) type).getChildSchema()) + ")";
            case DECIMAL -> "DECIMAL(" + ((DecimalDataType) type).getPrecision() + ", " + ((DecimalDataType) type).getScale() + ")";
            default -> type.getFieldType().name();
        };
    }
}
