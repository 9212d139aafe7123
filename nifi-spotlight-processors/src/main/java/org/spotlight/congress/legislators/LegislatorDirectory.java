package org.spotlight.congress.legislators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;
import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.model.Member;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Legislators in the unitedstates/congress-legislators YAML format ({@code legislators-current.yaml}, and
 * {@code legislators-historical.yaml} for former members). Representatives are found by state, district and a
 * term covering the filing date, senators by state (when known), last name and term; the last name must agree
 * either way, so a filing by someone else from the same district is never attributed to its member.
 */
public final class LegislatorDirectory implements MemberLookup {

    /** One term of service. */
    public record Term(Chamber chamber, LocalDate start, LocalDate end, String state, Integer district) {
        boolean covers(final LocalDate date) {
            return date == null || (!date.isBefore(start) && (end == null || !date.isAfter(end)));
        }

        long distanceTo(final LocalDate date) {
            if (date == null || covers(date)) {
                return 0;
            }
            return Math.abs(date.isBefore(start) ? start.toEpochDay() - date.toEpochDay() : date.toEpochDay() - end.toEpochDay());
        }
    }

    /** A legislator: ids, the name forms filings use, and their terms. */
    public record Legislator(String bioguideId, Set<String> lastNames, Set<String> firstNames, List<Term> terms) {
    }

    private final List<Legislator> legislators;
    private final Map<String, List<Legislator>> byLastName = new HashMap<>();

    public LegislatorDirectory(final List<Legislator> legislators) {
        this.legislators = List.copyOf(legislators);
        for (Legislator legislator : this.legislators) {
            for (String last : legislator.lastNames()) {
                byLastName.computeIfAbsent(last, key -> new ArrayList<>()).add(legislator);
            }
        }
    }

    public int size() {
        return legislators.size();
    }

    /**
     * Loads the directory from where the operator points: http(s) URLs (fetched politely through {@code fetcher})
     * or local files, e.g. {@code https://unitedstates.github.io/congress-legislators/legislators-current.yaml}.
     */
    public static LegislatorDirectory load(final List<String> locations, final HttpFetcher fetcher) throws SourceException {
        final List<byte[]> documents = new ArrayList<>();
        for (String location : locations) {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                documents.add(fetcher.get(URI.create(location), null, Map.of()).body());
            } else {
                final Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
                try {
                    documents.add(Files.readAllBytes(path));
                } catch (final IOException e) {
                    throw new SourceException(Code.NOT_FOUND, location, "Cannot read the legislators file " + path + ": " + e, false, e);
                }
            }
        }
        return read(documents, locations);
    }

    /** Reads one or more YAML documents in the congress-legislators format. */
    public static LegislatorDirectory read(final List<byte[]> yamlDocuments, final List<String> names) throws SourceException {
        final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        final List<Legislator> all = new ArrayList<>();
        for (int i = 0; i < yamlDocuments.size(); i++) {
            final JsonNode root;
            try {
                root = yaml.readTree(yamlDocuments.get(i));
            } catch (final IOException e) {
                throw new SourceException(Code.JSON_UNREADABLE, names.get(i), names.get(i) + " is not YAML: " + e.getMessage(), false, e);
            }
            if (root == null || !root.isArray()) {
                throw new SourceException(Code.JSON_UNREADABLE, names.get(i), names.get(i) + " is not a list of legislators", false, null);
            }
            for (JsonNode node : root) {
                final String bioguide = node.path("id").path("bioguide").asText(null);
                if (bioguide == null) {
                    continue;
                }
                all.add(new Legislator(bioguide, lastNames(node.path("name")), firstNames(node.path("name")), terms(node.path("terms"))));
            }
        }
        return new LegislatorDirectory(all);
    }

    @Override
    public Member resolve(final Chamber chamber, final Member asFiled, final LocalDate date) {
        if (asFiled == null || asFiled.lastName() == null) {
            return asFiled;
        }
        final List<Candidate> candidates = new ArrayList<>();
        for (Legislator legislator : byLastName.getOrDefault(normalize(asFiled.lastName()), lastNameVariants(asFiled.lastName()))) {
            for (Term term : legislator.terms()) {
                if (term.chamber() == chamber && sameSeat(chamber, term, asFiled)) {
                    candidates.add(new Candidate(legislator, term, term.distanceTo(date)));
                }
            }
        }
        if (candidates.isEmpty()) {
            return asFiled;
        }
        final long nearest = candidates.stream().mapToLong(Candidate::distance).min().orElseThrow();
        List<Legislator> closest = candidates.stream().filter(c -> c.distance() == nearest).map(Candidate::legislator).distinct().toList();
        if (closest.size() > 1 && asFiled.firstName() != null) {
            final String first = normalize(asFiled.firstName().split("\\s+")[0]);
            closest = closest.stream().filter(l -> l.firstNames().contains(first)).toList();
        }
        if (closest.size() != 1) {
            return asFiled;
        }
        final Legislator match = closest.getFirst();
        final Term term = candidates.stream().filter(c -> c.legislator() == match && c.distance() == nearest).findFirst().orElseThrow().term();
        final Member resolved = asFiled.withBioguideId(match.bioguideId());
        return resolved.state() == null ? resolved.withState(term.state()) : resolved;
    }

    private record Candidate(Legislator legislator, Term term, long distance) {
    }

    private static boolean sameSeat(final Chamber chamber, final Term term, final Member member) {
        if (member.state() != null && !member.state().equalsIgnoreCase(term.state())) {
            return false;
        }
        return chamber == Chamber.SENATE || member.district() == null || member.district().equals(term.district());
    }

    /** Filings sometimes carry a suffix or a second surname in the last-name field ("Van Drew", "Moore Jr"). */
    private List<Legislator> lastNameVariants(final String lastName) {
        final List<Legislator> found = new ArrayList<>();
        for (String part : lastName.split("[\\s,]+")) {
            final String normalized = normalize(part);
            if (normalized.length() > 2) {
                found.addAll(byLastName.getOrDefault(normalized, List.of()));
            }
        }
        return found.stream().distinct().toList();
    }

    private static Set<String> lastNames(final JsonNode name) {
        final Set<String> names = new HashSet<>();
        final String last = name.path("last").asText("");
        names.add(normalize(last));
        for (String part : last.split("[\\s-]+")) {
            if (normalize(part).length() > 2) {
                names.add(normalize(part));
            }
        }
        return names;
    }

    private static Set<String> firstNames(final JsonNode name) {
        return List.of("first", "nickname", "middle").stream()
                .map(field -> name.path(field).asText(""))
                .filter(value -> !value.isBlank())
                .map(value -> normalize(value.split("\\s+")[0]))
                .collect(Collectors.toSet());
    }

    private static List<Term> terms(final JsonNode terms) {
        final List<Term> result = new ArrayList<>();
        for (JsonNode term : terms) {
            final String type = term.path("type").asText("");
            final Chamber chamber = "rep".equals(type) ? Chamber.HOUSE : "sen".equals(type) ? Chamber.SENATE : null;
            final LocalDate start = date(term.path("start").asText(null));
            if (chamber == null || start == null) {
                continue;
            }
            result.add(new Term(chamber, start, date(term.path("end").asText(null)), term.path("state").asText(null),
                    term.has("district") ? Integer.valueOf(term.path("district").asInt()) : null));
        }
        result.sort(Comparator.comparing(Term::start));
        return result;
    }

    private static LocalDate date(final String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (final DateTimeParseException e) {
            return null;
        }
    }

    /** Lower case ASCII letters only: "Sánchez" and "SANCHEZ" meet, and so do "O'Rourke" and "ORourke". */
    static String normalize(final String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
