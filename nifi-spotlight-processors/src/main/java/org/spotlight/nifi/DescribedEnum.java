package org.spotlight.nifi;

import org.apache.nifi.components.DescribedValue;

/**
 * An enum of allowable property values as Spotlight's components declare them: the constant's name is the value NiFi
 * stores, and a {@link Description} is what the UI shows. Enums hold one Description and get NiFi's
 * {@link DescribedValue} methods from here.
 */
public interface DescribedEnum extends DescribedValue {

    /** The text the UI shows for a value. */
    record Description(String displayName, String description) {
    }

    Description describedAs();

    /** Implemented by every enum. */
    String name();

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
}
