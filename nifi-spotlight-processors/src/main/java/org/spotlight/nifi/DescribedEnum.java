package org.spotlight.nifi;

import org.apache.nifi.components.AllowableValue;
import org.apache.nifi.components.DescribedValue;
import org.apache.nifi.components.PropertyValue;
import org.spotlight.DescribedOption;

import java.util.Arrays;

/**
 * An enum of allowable property values as Spotlight's components declare them: the constant's name is the value NiFi
 * stores, and a {@link Description} is what the UI shows. Enums of the NiFi adapters hold one Description and get
 * NiFi's {@link DescribedValue} methods from here; the domain's own enums ({@link DescribedOption}) become property
 * values through {@link #allowableValues(Class)} and {@link #valueOf(PropertyValue, Class)}.
 */
public interface DescribedEnum extends DescribedOption, DescribedValue {

    @Override
    default String getValue() {
        return name();
    }

    @Override
    default String getDisplayName() {
        return describedAs().displayName();
    }

    @Override
    default String getDescription() {
        return describedAs().description();
    }

    /** The constants of a domain enum as NiFi's allowable values, in declaration order. */
    static <E extends Enum<E> & DescribedOption> AllowableValue[] allowableValues(final Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(option -> new AllowableValue(option.name(), option.describedAs().displayName(), option.describedAs().description()))
                .toArray(AllowableValue[]::new);
    }

    /** The constant a property holds, or null when the property is not set. */
    static <E extends Enum<E> & DescribedOption> E valueOf(final PropertyValue value, final Class<E> type) {
        return value.getValue() == null ? null : Enum.valueOf(type, value.getValue());
    }
}
