package org.spotlight.congress.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The House Clerk's asset type codes (the bracketed {@code [ST]} after each asset in a PTR), with the Clerk's
 * labels, and the equivalents of the Senate eFD's asset type words where one code means exactly the same thing.
 * Source: https://fd.house.gov/reference/asset-type-codes.aspx, which every House PTR cites.
 */
public final class AssetTypes {

    private static final Map<String, String> HOUSE_LABELS = load("house-asset-type-codes.properties");
    private static final Map<String, String> SENATE_CODES = Map.of(
            "stock", "ST",
            "stock option", "OP",
            "corporate bond", "CS",
            "non-public stock", "PS",
            "cryptocurrency", "CT",
            "other securities", "OT");

    private AssetTypes() {
    }

    /** The Clerk's label for a code, e.g. {@code Stocks (including ADRs)} for {@code ST}. */
    public static Optional<String> houseLabel(final String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(HOUSE_LABELS.get(code.trim().toUpperCase(Locale.ROOT)));
    }

    /** The House code with the same meaning as a Senate asset type, where there is one. */
    public static Optional<String> codeForSenateType(final String senateType) {
        return senateType == null ? Optional.empty() : Optional.ofNullable(SENATE_CODES.get(senateType.trim().toLowerCase(Locale.ROOT)));
    }

    public static Map<String, String> houseCodes() {
        return HOUSE_LABELS;
    }

    private static Map<String, String> load(final String resource) {
        try (InputStream in = AssetTypes.class.getResourceAsStream("/org/spotlight/congress/" + resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            final Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            final Map<String, String> labels = new TreeMap<>();
            properties.forEach((code, label) -> labels.put(code.toString(), label.toString()));
            return Map.copyOf(labels);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
