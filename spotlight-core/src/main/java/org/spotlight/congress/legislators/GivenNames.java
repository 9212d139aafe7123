package org.spotlight.congress.legislators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How well a filed first name fits a legislator's given names. Filings write legal names ("Rafael Edward (Ted)"),
 * initials ("A. Mitchell"), nicknames ("Rick") or a middle name; the legislators files have first, middle and
 * nick names. Forms that are used for one another (William and Bill) come from given-name-variants.txt.
 */
final class GivenNames {

    /** The fit of a filed first name to one legislator, best first. */
    enum Fit {
        /** A filed name (not an initial) is one of the legislator's given names or a variant of one. */
        NAME,
        /** No full name was filed, but an initial agrees with one of the legislator's given names. */
        INITIAL,
        /** The filing gives no first name. */
        ABSENT,
        /** The filed first names are none of the legislator's. */
        CONFLICT
    }

    private static final Set<String> TITLES_AND_SUFFIXES = Set.of("hon", "honorable", "mr", "mrs", "ms", "miss", "dr", "jr", "sr",
            "ii", "iii", "iv", "v", "md", "phd", "esq", "rev", "the", "senator", "sen", "rep", "representative");
    private static final Set<String> SUFFIXES = Set.of("jr", "sr", "ii", "iii", "iv");
    private static final Map<String, Set<String>> VARIANTS = loadVariants();

    private GivenNames() {
    }

    /** Lower-case ASCII letters only: "Sánchez" and "SANCHEZ" meet, and so do "O'Rourke" and "ORourke". */
    static String normalize(final String name) {
        return name == null ? "" : Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]", "");
    }

    /** The words of a name, normalised, without titles and generational suffixes: "Hon. A. Mitchell (Mitch), Jr." gives a, mitchell, mitch. */
    static List<String> words(final String name) {
        final List<String> words = new ArrayList<>();
        if (name == null) {
            return words;
        }
        for (String part : name.split("[\\s,.()\"'/]+|(?<=\\p{L})-(?=\\p{L})")) {
            final String word = normalize(part);
            if (!word.isEmpty() && !isTitleOrSuffix(word)) {
                words.add(word);
            }
        }
        return words;
    }

    /** The generational suffix among a name's words (jr, sr, ii, iii, iv), or null. */
    static String suffix(final String... names) {
        for (String name : names) {
            if (name == null) {
                continue;
            }
            for (String part : name.split("[\\s,.()]+")) {
                final String word = normalize(part);
                if (SUFFIXES.contains(word)) {
                    return word;
                }
            }
        }
        return null;
    }

    static boolean isTitleOrSuffix(final String normalizedWord) {
        return TITLES_AND_SUFFIXES.contains(normalizedWord);
    }

    /** A legislator's given names as a set to match against: first, middle and nick names, each word of them. */
    static Set<String> of(final String... names) {
        final Set<String> given = new HashSet<>();
        for (String name : names) {
            given.addAll(words(name));
        }
        return given;
    }

    static Fit fit(final Collection<String> filedWords, final Set<String> legislatorGiven) {
        if (filedWords.isEmpty()) {
            return Fit.ABSENT;
        }
        boolean initialAgrees = false;
        boolean wholeWordFiled = false;
        for (String word : filedWords) {
            if (word.length() == 1) {
                initialAgrees |= legislatorGiven.stream().anyMatch(given -> given.charAt(0) == word.charAt(0));
                continue;
            }
            wholeWordFiled = true;
            if (legislatorGiven.contains(word) || VARIANTS.getOrDefault(word, Set.of()).stream().anyMatch(legislatorGiven::contains)) {
                return Fit.NAME;
            }
        }
        return !wholeWordFiled && initialAgrees ? Fit.INITIAL : Fit.CONFLICT;
    }

    private static Map<String, Set<String>> loadVariants() {
        final Map<String, Set<String>> variants = new HashMap<>();
        try (InputStream in = GivenNames.class.getResourceAsStream("given-name-variants.txt")) {
            if (in == null) {
                throw new IllegalStateException("given-name-variants.txt is missing from the classpath");
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final List<String> group = Arrays.stream(line.trim().split("\\s+")).map(GivenNames::normalize).toList();
                for (String name : group) {
                    variants.computeIfAbsent(name, key -> new HashSet<>()).addAll(group);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(variants);
    }
}
