package org.spotlight.congress.model;

import java.util.Locale;
import java.util.Optional;

/** Whose asset was traded. The House writes codes (blank, SP, JT, DC); the Senate and the community datasets write words. */
public enum Owner {
    SELF,
    SPOUSE,
    JOINT,
    DEPENDENT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a House PTR owner cell: empty means the filer; SP, JT and DC the others. */
    public static Optional<Owner> fromHouseCode(final String cell) {
        final String code = cell == null ? "" : cell.trim().toUpperCase(Locale.ROOT);
        return switch (code) {
            case "" -> Optional.of(SELF);
            case "SP" -> Optional.of(SPOUSE);
            case "JT" -> Optional.of(JOINT);
            case "DC" -> Optional.of(DEPENDENT);
            default -> Optional.empty();
        };
    }

    /** Reads the words the Senate eFD and the Stock Watcher datasets use (Self, Spouse, Joint, Child, Dependent Child). */
    public static Optional<Owner> fromWords(final String words) {
        if (words == null) {
            return Optional.empty();
        }
        return switch (words.trim().toLowerCase(Locale.ROOT)) {
            case "self", "filer" -> Optional.of(SELF);
            case "spouse", "sp" -> Optional.of(SPOUSE);
            case "joint", "jt" -> Optional.of(JOINT);
            case "child", "dependent", "dependent child", "dc" -> Optional.of(DEPENDENT);
            default -> Optional.empty();
        };
    }
}
