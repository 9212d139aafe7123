package org.spotlight.congress.legislators;

import org.spotlight.congress.SourceException;
import org.spotlight.congress.http.HttpFetcher;
import org.spotlight.congress.legislators.GivenNames.Fit;
import org.spotlight.congress.model.Chamber;
import org.spotlight.congress.model.Member;
import org.spotlight.congress.model.MemberMatch;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the legislator who filed, in the unitedstates/congress-legislators files: legislators-current.yaml and, for
 * former members, legislators-historical.yaml (every term) or legislators-historical.csv (the last term only).
 *
 * <p>A legislator fits a filing when the last name agrees, they served in the filing's chamber (in the filed state and,
 * for representatives, district), and in time: for legislators with dated terms a term covering the date (or ended at
 * most a year before: late filings), for those known only by their last term an age that allows it and ids of recent
 * decades (see {@link Legislator#recentIds()}). A generational suffix, where both give one, must agree. The filed first
 * name must then agree with a first, middle or nick name (or a common variant: Bill for William). One fitting
 * legislator gives the id; several leave it empty, as does none. Namesakes across chambers, states and eras therefore
 * never collide: the id is left empty rather than guessed, and {@link Member#matchNote()} says why.
 */
public final class LegislatorDirectory implements MemberLookup {

    /** A term still counts this many days after its end: periodic transaction reports may come late. */
    static final int GRACE_DAYS = 365;
    private static final int MAX_AGE = 100;

    private final List<Legislator> legislators;
    private final Map<String, List<Legislator>> byLastName = new HashMap<>();

    public LegislatorDirectory(final List<Legislator> legislators) {
        // A legislator in two files (current, and historical after a change of the files) counts once, with dated terms first.
        final Map<String, Legislator> unique = new LinkedHashMap<>();
        legislators.stream().sorted(Comparator.comparing(legislator -> !legislator.termsComplete()))
                .forEach(legislator -> unique.putIfAbsent(legislator.bioguideId(), legislator));
        this.legislators = List.copyOf(unique.values());
        for (Legislator legislator : this.legislators) {
            for (String last : legislator.lastNames()) {
                byLastName.computeIfAbsent(last, key -> new ArrayList<>()).add(legislator);
            }
        }
    }

    public int size() {
        return legislators.size();
    }

    List<Legislator> legislators() {
        return legislators;
    }

    /**
     * Loads the directory from where the operator points: http(s) URLs (fetched politely through {@code fetcher})
     * or local files, e.g. {@code https://unitedstates.github.io/congress-legislators/legislators-current.yaml}. YAML and
     * the CSV export are told apart by their content.
     */
    public static LegislatorDirectory load(final List<String> locations, final HttpFetcher fetcher) throws SourceException {
        final List<Legislator> all = new ArrayList<>();
        for (String location : locations) {
            all.addAll(LegislatorFiles.read(LegislatorSources.read(location, fetcher), location));
        }
        return new LegislatorDirectory(all);
    }

    /** Reads documents already fetched, in either format. */
    public static LegislatorDirectory read(final List<byte[]> documents, final List<String> names) throws SourceException {
        final List<Legislator> all = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            all.addAll(LegislatorFiles.read(documents.get(i), names.get(i)));
        }
        return new LegislatorDirectory(all);
    }

    @Override
    public Member resolve(final Chamber chamber, final Member asFiled, final LocalDate date) {
        if (asFiled == null) {
            return null;
        }
        final FiledName filed = FiledName.of(asFiled);
        if (filed.lastName().isEmpty()) {
            return asFiled.unidentified(MemberMatch.UNMATCHED, "no last name filed");
        }
        final List<Candidate> fits = new ArrayList<>();
        for (Legislator legislator : namesakes(filed)) {
            final Candidate candidate = fit(legislator, chamber, asFiled, filed, date);
            if (candidate != null) {
                fits.add(candidate);
            }
        }
        final List<Candidate> named = fits.stream().filter(candidate -> candidate.name() != Fit.CONFLICT).toList();
        if (named.isEmpty() && asFiled.district() != null) {
            final Member redistricted = otherDistrict(chamber, asFiled, filed, date);
            if (redistricted != null) {
                return redistricted;
            }
        }
        if (named.isEmpty()) {
            return onlyTermHolder(fits, asFiled, chamber, date);
        }
        final Fit bestName = named.stream().map(Candidate::name).min(Comparator.naturalOrder()).orElseThrow();
        List<Candidate> best = named.stream().filter(candidate -> candidate.name() == bestName).toList();
        if (best.size() > 1 && filed.suffix() != null) {
            final List<Candidate> sameSuffix = best.stream().filter(candidate -> filed.suffix().equals(candidate.legislator().suffix())).toList();
            best = sameSuffix.isEmpty() ? best : sameSuffix;
        }
        if (best.size() > 1 && asFiled.district() != null) {
            final List<Candidate> sameDistrict = best.stream().filter(candidate -> asFiled.district().equals(candidate.term().district())).toList();
            best = sameDistrict.isEmpty() ? best : sameDistrict;
        }
        if (best.size() > 1) {
            return asFiled.unidentified(MemberMatch.AMBIGUOUS, describe(asFiled, chamber, date) + " fits " + best.size() + " legislators ("
                    + best.stream().map(candidate -> candidate.legislator().bioguideId() + " " + candidate.legislator().name())
                    .collect(Collectors.joining(", ")) + "); bioguide_id left empty");
        }
        return identified(best.getFirst(), asFiled, null);
    }

    /** Legislators whose last name is the filed one; failing that, one of its parts ("Moore Jr" filed as one last name). */
    private Set<Legislator> namesakes(final FiledName filed) {
        final Set<Legislator> found = new LinkedHashSet<>(byLastName.getOrDefault(filed.lastName(), List.of()));
        if (found.isEmpty()) {
            for (String part : filed.lastParts()) {
                found.addAll(byLastName.getOrDefault(part, List.of()));
            }
        }
        return found;
    }

    /** The legislator's term that places them in the filing, or null when none does. */
    private static Candidate fit(final Legislator legislator, final Chamber chamber, final Member asFiled, final FiledName filed,
                                 final LocalDate date) {
        final List<Term> seats = legislator.terms().stream()
                .filter(term -> term.chamber() == chamber)
                .filter(term -> asFiled.state() == null || asFiled.state().equalsIgnoreCase(term.state()))
                .toList();
        if (seats.isEmpty()) {
            return null;
        }
        if (filed.suffix() != null && legislator.suffix() != null && !filed.suffix().equals(legislator.suffix())) {
            return null;
        }
        final Fit name = GivenNames.fit(filed.givenWords(), legislator.givenNames());
        if (!legislator.termsComplete()) {
            if (!legislator.recentIds()) {
                // Undated, and no id of recent decades: someone who left long before any disclosure Spotlight reads.
                return null;
            }
            if (date != null && legislator.birthday() != null) {
                final int age = Period.between(legislator.birthday(), date).getYears();
                if (age < minimumAge(chamber) || age > MAX_AGE) {
                    return null;
                }
            }
            return new Candidate(legislator, seats.getLast(), MemberMatch.LAST_TERM, name, false);
        }
        List<Term> held = seats;
        if (date != null) {
            held = seats.stream().filter(term -> term.covers(date, GRACE_DAYS)).toList();
        }
        if (asFiled.district() != null) {
            held = held.stream().filter(term -> asFiled.district().equals(term.district())).toList();
        }
        if (held.isEmpty()) {
            return null;
        }
        final Term exact = date == null ? null : held.stream().filter(term -> term.covers(date, 0)).reduce((a, b) -> b).orElse(null);
        return new Candidate(legislator, exact != null ? exact : held.getLast(), MemberMatch.TERM, name, exact != null);
    }

    /**
     * Districts change with redistricting, and datasets sometimes give a member's later (or earlier) district. A filing
     * whose district no term matches is still the representative's when they held a seat of the filed state on the date
     * and are the only one of that last name and first name to have: the note says which district the term had.
     */
    private Member otherDistrict(final Chamber chamber, final Member asFiled, final FiledName filed, final LocalDate date) {
        final Member anyDistrict = new Member(asFiled.firstName(), asFiled.lastName(), asFiled.fullName(), asFiled.state(), null, null);
        final List<Candidate> named = new ArrayList<>();
        for (Legislator legislator : namesakes(filed)) {
            final Candidate candidate = fit(legislator, chamber, anyDistrict, filed, date);
            if (candidate != null && candidate.name() == Fit.NAME) {
                named.add(candidate);
            }
        }
        if (named.size() != 1 || date == null || named.getFirst().evidence() != MemberMatch.TERM) {
            return null;
        }
        final Candidate only = named.getFirst();
        return identified(only, asFiled, "filed district " + asFiled.state() + String.format("%02d", asFiled.district()) + " is not the "
                + "district of " + only.legislator().name() + "'s term on " + date + " (" + only.term().state()
                + String.format("%02d", only.term().district()) + ")");
    }

    /**
     * Filers sometimes use a legal first name the legislators files do not list ("Rafael E Cruz" for Ted Cruz). Such a
     * filing is still theirs when they are the only legislator of that last name with a term in the chamber (and filed
     * state and district) on the date itself: nobody else could have filed it as a member.
     */
    private static Member onlyTermHolder(final List<Candidate> fits, final Member asFiled, final Chamber chamber, final LocalDate date) {
        if (fits.size() == 1 && fits.getFirst().onTheDate()) {
            final Candidate only = fits.getFirst();
            return identified(only, asFiled, "first name '" + asFiled.firstName() + "' is not " + only.legislator().name()
                    + "'s, but no other legislator named so held a " + chamber.code() + " seat on " + date);
        }
        if (fits.isEmpty()) {
            return asFiled.unidentified(MemberMatch.UNMATCHED, "no legislator fits " + describe(asFiled, chamber, date));
        }
        return asFiled.unidentified(MemberMatch.UNMATCHED, "no legislator fits " + describe(asFiled, chamber, date)
                + " by first name (namesakes: " + fits.stream().map(candidate -> candidate.legislator().bioguideId() + " "
                + candidate.legislator().name()).collect(Collectors.joining(", ")) + ")");
    }

    /** Party only from a dated term: an undated last term's party may not be the party at the filing (Manchin left the Democrats in 2024). */
    private static Member identified(final Candidate candidate, final Member asFiled, final String note) {
        return asFiled.identified(candidate.legislator().bioguideId(), candidate.term().state(),
                candidate.evidence() == MemberMatch.TERM ? candidate.term().party() : null, candidate.evidence(), note);
    }

    private static String describe(final Member asFiled, final Chamber chamber, final LocalDate date) {
        final StringBuilder text = new StringBuilder("'").append(asFiled.fullName() != null ? asFiled.fullName()
                : Member.joinName(asFiled.firstName(), asFiled.lastName())).append("' (").append(chamber.code());
        if (asFiled.state() != null) {
            text.append(", ").append(asFiled.state());
            if (asFiled.district() != null) {
                text.append(String.format("%02d", asFiled.district()));
            }
        }
        if (date != null) {
            text.append(", ").append(date);
        }
        return text.append(')').toString();
    }

    private static int minimumAge(final Chamber chamber) {
        // The Constitution's minimum ages, less a year for the day of the birthday.
        return chamber == Chamber.SENATE ? 29 : 24;
    }

    /**
     * @param evidence  TERM for a dated term, LAST_TERM for an undated last term
     * @param onTheDate the term covers the date itself, not only with the grace period
     */
    private record Candidate(Legislator legislator, Term term, MemberMatch evidence, Fit name, boolean onTheDate) {
    }
}
