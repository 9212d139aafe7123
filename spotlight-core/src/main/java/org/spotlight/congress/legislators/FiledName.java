package org.spotlight.congress.legislators;

import org.spotlight.congress.model.Member;

import java.util.ArrayList;
import java.util.List;

/**
 * A filer's name as the lookup reads it: the last name (whole, and its parts for "Van Drew" or "Moore Jr") and the
 * words of the first name. Sources split names differently ("Joseph Manchin, Iii" leaves "Iii" as the last name):
 * when the filed last name is empty or only a suffix, both are taken from the full name instead.
 *
 * @param lastName   the normalised last name, e.g. vanhollen; empty when none was filed
 * @param lastParts  the normalised words of the last name longer than two letters
 * @param givenWords the normalised words of the first name(s), titles and suffixes left out
 * @param suffix     the generational suffix filed anywhere in the name (jr, sr, ii, iii, iv), or null
 */
record FiledName(String lastName, List<String> lastParts, List<String> givenWords, String suffix) {

    static FiledName of(final Member member) {
        List<String> last = GivenNames.words(member.lastName());
        List<String> given = GivenNames.words(member.firstName());
        if (last.isEmpty() && member.fullName() != null) {
            final List<String> full = GivenNames.words(member.fullName());
            if (!full.isEmpty()) {
                last = List.of(full.getLast());
                given = full.subList(0, full.size() - 1);
            }
        } else if (given.isEmpty() && member.firstName() == null && member.fullName() != null) {
            final List<String> full = new ArrayList<>(GivenNames.words(member.fullName()));
            full.removeAll(last);
            given = full;
        }
        return new FiledName(String.join("", last), last.stream().filter(part -> part.length() > 2).toList(), List.copyOf(given),
                GivenNames.suffix(member.lastName(), member.fullName(), member.firstName()));
    }
}
