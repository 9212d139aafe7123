package org.spotlight.nifi;

import org.apache.nifi.components.DescribedValue;
import org.spotlight.clickhouse.types.NullPolicy;

/**
 * The values of the "NULL In Non-Nullable Columns" property that InferSchemaAndCast and PutClickHouseBatch share: the
 * user's choice of {@link NullPolicy}. The stored values are a contract of existing flows.
 */
public enum NullHandling implements DescribedValue {
    COLUMN_DEFAULT("column-default", "Use Column Default",
            "The column's default is written (ClickHouse's input_format_null_as_default), and counted in an attribute.",
            NullPolicy.COLUMN_DEFAULT),
    FAIL("fail", "Route To Failure", "The record is routed to failure, naming the column.", NullPolicy.FAIL);

    /** The property's name, the same on every processor that has it. */
    public static final String PROPERTY_NAME = "NULL In Non-Nullable Columns";

    private final String value;
    private final String displayName;
    private final String description;
    private final NullPolicy policy;

    NullHandling(final String value, final String displayName, final String description, final NullPolicy policy) {
        this.value = value;
        this.displayName = displayName;
        this.description = description;
        this.policy = policy;
    }

    public NullPolicy policy() {
        return policy;
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public String getDescription() {
        return description;
    }
}
