package org.spotlight.congress.legislators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.model.Chamber;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the unitedstates/congress-legislators files: the YAML lists (legislators-current.yaml,
 * legislators-historical.yaml; every term with its dates) and the CSV export (legislators-historical.csv; one row per
 * person with only the last term, undated).
 */
final class LegislatorFiles {

    /** The CSV's header starts with these columns; anything else is read as YAML. */
    private static final String CSV_HEADER = "last_name,first_name";

    private LegislatorFiles() {
    }

    static List<Legislator> read(final byte[] document, final String name) throws SourceException {
        final String start = new String(document, 0, Math.min(document.length, 64), StandardCharsets.UTF_8).replace("\uFEFF", "");
        return start.startsWith(CSV_HEADER) ? readCsv(document, name) : readYaml(document, name);
    }

    private static List<Legislator> readYaml(final byte[] document, final String name) throws SourceException {
        final JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(document);
        } catch (final IOException e) {
            throw new SourceException(Code.JSON_UNREADABLE, name, name + " is not YAML: " + e.getMessage(), false, e);
        }
        if (root == null || !root.isArray()) {
            throw new SourceException(Code.JSON_UNREADABLE, name, name + " is not a list of legislators", false, null);
        }
        final List<Legislator> legislators = new ArrayList<>();
        for (JsonNode node : root) {
            final String bioguide = text(node.path("id").path("bioguide"));
            if (bioguide == null) {
                continue;
            }
            final JsonNode person = node.path("name");
            final List<Term> terms = new ArrayList<>();
            for (JsonNode term : node.path("terms")) {
                final Chamber chamber = chamber(text(term.path("type")));
                final LocalDate start = date(text(term.path("start")));
                if (chamber != null && start != null) {
                    terms.add(new Term(chamber, start, date(text(term.path("end"))), upper(text(term.path("state"))),
                            term.has("district") ? Integer.valueOf(term.path("district").asInt()) : null, text(term.path("party"))));
                }
            }
            terms.sort(Comparator.comparing(Term::start));
            final String shown = text(person.path("official_full"));
            legislators.add(new Legislator(bioguide,
                    shown != null ? shown : String.join(" ", nonNull(text(person.path("first")), text(person.path("last")))),
                    lastNames(text(person.path("last"))),
                    GivenNames.of(text(person.path("first")), text(person.path("middle")), text(person.path("nickname"))),
                    GivenNames.suffix(text(person.path("suffix"))), date(text(node.path("bio").path("birthday"))), terms, true, true));
        }
        return legislators;
    }

    private static List<Legislator> readCsv(final byte[] document, final String name) throws SourceException {
        final List<Legislator> legislators = new ArrayList<>();
        final CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(document)) {
            while (rows.hasNextValue()) {
                final Map<String, String> row = rows.nextValue();
                final String bioguide = blankToNull(row.get("bioguide_id"));
                final Chamber chamber = chamber(blankToNull(row.get("type")));
                if (bioguide == null || chamber == null) {
                    continue;
                }
                final String district = blankToNull(row.get("district"));
                final Term last = new Term(chamber, null, null, upper(blankToNull(row.get("state"))),
                        district != null && district.matches("\\d+") ? Integer.valueOf(district) : null, blankToNull(row.get("party")));
                final String shown = blankToNull(row.get("full_name"));
                final String first = blankToNull(row.get("first_name"));
                final String lastName = blankToNull(row.get("last_name"));
                final boolean recentIds = blankToNull(row.get("fec_ids")) != null || blankToNull(row.get("opensecrets_id")) != null
                        || blankToNull(row.get("lis_id")) != null;
                legislators.add(new Legislator(bioguide, shown != null ? shown : String.join(" ", nonNull(first, lastName)),
                        lastNames(lastName), GivenNames.of(first, row.get("middle_name"), row.get("nickname")),
                        GivenNames.suffix(row.get("suffix")), date(blankToNull(row.get("birthday"))), List.of(last), false, recentIds));
            }
        } catch (final IOException | RuntimeException e) {
            throw new SourceException(Code.JSON_UNREADABLE, name, name + " is not a legislators CSV: " + e.getMessage(), false, e);
        }
        return legislators;
    }

    /** The whole last name and each of its parts longer than two letters: "Van Hollen" is found as vanhollen and hollen. */
    static Set<String> lastNames(final String last) {
        final Set<String> names = new HashSet<>();
        final List<String> words = GivenNames.words(last);
        if (!words.isEmpty()) {
            names.add(String.join("", words));
        }
        words.stream().filter(word -> word.length() > 2).forEach(names::add);
        return names;
    }

    private static Chamber chamber(final String type) {
        return "rep".equals(type) ? Chamber.HOUSE : "sen".equals(type) ? Chamber.SENATE : null;
    }

    private static LocalDate date(final String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    private static String text(final JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : blankToNull(node.asText());
    }

    private static String blankToNull(final String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String upper(final String text) {
        return text == null ? null : text.toUpperCase(Locale.ROOT);
    }

    private static List<String> nonNull(final String... parts) {
        return java.util.Arrays.stream(parts).filter(part -> part != null).toList();
    }
}
