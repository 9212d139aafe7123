package org.spotlight.typing;

import org.spotlight.format.json.JsonRecordReader;

import org.spotlight.clickhouse.types.NullPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: JSON text through the engine. */
final class Typing {

    private Typing() {
    }

    static List<Map<String, Object>> records(final String json) {
        try (JsonRecordReader reader = new JsonRecordReader(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
            final List<Map<String, Object>> records = new ArrayList<>();
            Map<String, Object> record;
            while ((record = reader.next()) != null) {
                records.add(record);
            }
            return records;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SchemaProfile profile(final String json, final TypingOptions options) {
        final SchemaProfile profile = new SchemaProfile(options);
        final RecordPreparer preparer = RecordPreparer.of(options);
        records(json).forEach(record -> profile.observe(preparer.prepare(record)));
        return profile;
    }

    static InferredSchema infer(final String json, final TypingOptions options) {
        return profile(json, options).resolve(null);
    }

    /** Column name to type, in order. */
    static Map<String, String> types(final InferredSchema schema) {
        final Map<String, String> types = new LinkedHashMap<>();
        schema.columns().forEach(column -> types.put(column.name(), column.type().toString()));
        return types;
    }

    static Map<String, String> types(final String json, final TypingOptions options) {
        return types(infer(json, options));
    }

    /** Casts every record with the schema inferred from them; the typed values, or the failures. */
    static List<RecordCaster.Result> castAll(final String json, final TypingOptions options) {
        final InferredSchema schema = infer(json, options);
        final RecordCaster caster = RecordCaster.forSchema(schema, options, NullPolicy.FAIL);
        final RecordPreparer preparer = RecordPreparer.of(options);
        return records(json).stream().map(record -> caster.cast(preparer.prepare(record))).toList();
    }
}
