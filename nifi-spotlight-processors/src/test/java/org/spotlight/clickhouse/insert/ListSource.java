package org.spotlight.clickhouse.insert;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A RowSource over records held in memory; can be told to turn malformed at some record, like a broken JSON file. */
final class ListSource implements RowSource {

    private final String key;
    private final List<Map<String, Object>> records;
    private final Set<String> columns;
    private final int malformedAt;
    int reads;

    ListSource(final String key, final List<Map<String, Object>> records) {
        this(key, records, -1);
    }

    ListSource(final String key, final List<Map<String, Object>> records, final int malformedAt) {
        this.key = key;
        this.records = records;
        this.malformedAt = malformedAt;
        this.columns = new LinkedHashSet<>();
        records.forEach(record -> columns.addAll(record.keySet()));
    }

    @Override
    public String idempotencyKey() {
        return key;
    }

    @Override
    public Set<String> columns() {
        return columns;
    }

    @Override
    public void read(final List<String> wanted, final Visitor visitor) throws IOException {
        reads++;
        final Object[] values = new Object[wanted.size()];
        for (int index = 0; index < records.size(); index++) {
            if (index == malformedAt) {
                throw new MalformedRecordsException(index, "Unexpected character ('}' (code 125))", null);
            }
            final Map<String, Object> record = records.get(index);
            for (int i = 0; i < wanted.size(); i++) {
                values[i] = record.containsKey(wanted.get(i)) ? record.get(wanted.get(i)) : RowWriter.DEFAULT;
            }
            if (!visitor.visit(index, values)) {
                return;
            }
        }
    }

    static List<Map<String, Object>> trades(final int from, final int to) {
        final List<Map<String, Object>> records = new ArrayList<>();
        for (int id = from; id < to; id++) {
            records.add(Map.of("id", (long) id, "member", "Member " + id));
        }
        return records;
    }
}
