package org.spotlight.congress.legislators;

import org.spotlight.congress.model.TradeField.Type;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The committee assignment record: FetchCongressCommittees' record schema and the table
 * {@code spotlight_congress_committee_members} (clickhouse/congress.sql) follow this list, in this order.
 */
public enum CommitteeField {
    COMMITTEE_ID(Type.STRING, "Thomas id of the committee (HSBA, SSBK) or subcommittee (HSBA16)", CommitteeAssignment::committeeId),
    COMMITTEE_NAME(Type.STRING, "the committee's or subcommittee's name", CommitteeAssignment::committeeName),
    CHAMBER(Type.STRING, "house, senate or joint", CommitteeAssignment::chamber),
    PARENT_COMMITTEE_ID(Type.STRING, "the full committee of a subcommittee; null for full committees", CommitteeAssignment::parentCommitteeId),
    PARENT_COMMITTEE_NAME(Type.STRING, "its name", CommitteeAssignment::parentCommitteeName),
    BIOGUIDE_ID(Type.STRING, "the member's Bioguide id", CommitteeAssignment::bioguideId),
    MEMBER_NAME(Type.STRING, "the member's name as the file gives it", CommitteeAssignment::memberName),
    SIDE(Type.STRING, "majority or minority", CommitteeAssignment::side),
    MEMBER_RANK(Type.INT, "rank on their side", CommitteeAssignment::rank),
    TITLE(Type.STRING, "Chairman, Ranking Member ...; null for most members", CommitteeAssignment::title),
    AS_OF(Type.TIMESTAMP, "when the files were fetched (UTC, to the second): the snapshot, the newest is current", CommitteeAssignment::asOf);

    private final Type type;
    private final String description;
    private final Function<CommitteeAssignment, Object> accessor;

    CommitteeField(final Type type, final String description, final Function<CommitteeAssignment, Object> accessor) {
        this.type = type;
        this.description = description;
        this.accessor = accessor;
    }

    public String fieldName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Type type() {
        return type;
    }

    public String description() {
        return description;
    }

    public Object valueOf(final CommitteeAssignment assignment) {
        return accessor.apply(assignment);
    }

    /** Fields every assignment has. */
    public boolean required() {
        return switch (this) {
            case COMMITTEE_ID, COMMITTEE_NAME, CHAMBER, BIOGUIDE_ID, MEMBER_NAME, AS_OF -> true;
            default -> false;
        };
    }

    public static List<CommitteeField> all() {
        return List.of(values());
    }
}
