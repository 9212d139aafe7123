package org.spotlight.congress.legislators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.spotlight.congress.SourceException;
import org.spotlight.congress.SourceException.Code;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Committee assignments from the unitedstates/congress-legislators files: committees-current.yaml (committees and
 * their subcommittees, by Thomas id) and committee-membership-current.yaml (members by committee id). A membership
 * entry without a Bioguide id is skipped and reported; a committee id the committees file does not list keeps the id as
 * its name, so that no assignment is dropped.
 */
public final class CommitteeRoster {

    /** The assignments, and what could not be used. */
    public record Roster(List<CommitteeAssignment> assignments, List<String> warnings) {
    }

    private record Committee(String name, String chamber, String parentId, String parentName) {
    }

    private CommitteeRoster() {
    }

    public static Roster read(final byte[] committeesYaml, final String committeesName, final byte[] membershipYaml, final String membershipName,
                              final Instant fetchedAt) throws SourceException {
        final Map<String, Committee> committees = committees(yaml(committeesYaml, committeesName), committeesName);
        final JsonNode membership = yaml(membershipYaml, membershipName);
        if (!membership.isObject()) {
            throw new SourceException(Code.JSON_UNREADABLE, membershipName, membershipName + " is not a map of committee ids to members", false, null);
        }
        final Instant asOf = fetchedAt.truncatedTo(ChronoUnit.SECONDS);
        final List<CommitteeAssignment> assignments = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = membership.fields(); entries.hasNext(); ) {
            final Map.Entry<String, JsonNode> entry = entries.next();
            final String id = entry.getKey();
            Committee committee = committees.get(id);
            if (committee == null) {
                warnings.add("committee " + id + " is not in " + committeesName + ": its id stands for its name");
                committee = new Committee(id, chamberOfId(id), null, null);
            }
            for (JsonNode member : entry.getValue()) {
                final String bioguide = text(member, "bioguide");
                final String name = text(member, "name");
                if (bioguide == null) {
                    warnings.add(id + ": '" + name + "' has no bioguide id and is left out");
                    continue;
                }
                final JsonNode rank = member.get("rank");
                assignments.add(new CommitteeAssignment(id, committee.name(), committee.chamber(), committee.parentId(), committee.parentName(),
                        bioguide, name == null ? bioguide : name, text(member, "party"),
                        rank != null && rank.canConvertToInt() ? Integer.valueOf(rank.asInt()) : null, text(member, "title"), asOf));
            }
        }
        if (assignments.isEmpty()) {
            throw new SourceException(Code.JSON_UNREADABLE, membershipName, membershipName + " lists no committee member with a bioguide id", false, null);
        }
        return new Roster(List.copyOf(assignments), List.copyOf(warnings));
    }

    private static Map<String, Committee> committees(final JsonNode root, final String name) throws SourceException {
        if (!root.isArray()) {
            throw new SourceException(Code.JSON_UNREADABLE, name, name + " is not a list of committees", false, null);
        }
        final Map<String, Committee> committees = new HashMap<>();
        for (JsonNode node : root) {
            final String id = text(node, "thomas_id");
            if (id == null) {
                continue;
            }
            final String chamber = node.hasNonNull("type") ? node.get("type").asText().toLowerCase(Locale.ROOT) : chamberOfId(id);
            final String committeeName = text(node, "name") == null ? id : text(node, "name");
            committees.put(id, new Committee(committeeName, chamber, null, null));
            for (JsonNode sub : node.path("subcommittees")) {
                final String subId = text(sub, "thomas_id");
                if (subId != null) {
                    committees.put(id + subId, new Committee(text(sub, "name") == null ? id + subId : text(sub, "name"), chamber, id, committeeName));
                }
            }
        }
        return committees;
    }

    private static String chamberOfId(final String id) {
        return switch (id.isEmpty() ? ' ' : id.charAt(0)) {
            case 'H' -> "house";
            case 'S' -> "senate";
            case 'J' -> "joint";
            default -> "unknown";
        };
    }

    private static JsonNode yaml(final byte[] document, final String name) throws SourceException {
        try {
            final JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(document);
            if (root == null) {
                throw new SourceException(Code.JSON_UNREADABLE, name, name + " is empty", false, null);
            }
            return root;
        } catch (final IOException e) {
            throw new SourceException(Code.JSON_UNREADABLE, name, name + " is not YAML: " + e.getMessage(), false, e);
        }
    }

    private static String text(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText().trim();
    }
}
