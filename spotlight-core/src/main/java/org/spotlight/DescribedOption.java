package org.spotlight;

/**
 * A choice the domain offers (a table engine, an insert format ...): the constant's name is its stable value, and a
 * {@link Description} says what it means. The NiFi adapters turn such enums into property values (DescribedEnum), so
 * the domain's enums need no NiFi type.
 */
public interface DescribedOption {

    /** The text a user interface shows for a value. */
    record Description(String displayName, String description) {
    }

    Description describedAs();

    /** Implemented by every enum. */
    String name();
}
