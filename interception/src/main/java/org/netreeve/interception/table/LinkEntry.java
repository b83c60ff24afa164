package org.netreeve.interception.table;

import java.time.Instant;
import java.util.Objects;
import org.netreeve.net.Verdict;

/**
 * An immutable snapshot of one link in the table; the table replaces it on every change.
 *
 * @param verdict the mark last applied, null while {@link LinkState#NEW}
 * @param profileId the profile the link was attributed to, null if not yet known
 * @param decidedAt when the last verdict was applied, null while undecided
 * @param packets packets of this link seen in user space
 * @param bytes their IP bytes
 */
public record LinkEntry(Link link, LinkState state, Verdict verdict, String profileId, Instant firstSeen,
        Instant lastSeen, Instant decidedAt, long packets, long bytes) {
    public LinkEntry {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    static LinkEntry fresh(Link link, Instant now) {
        return new LinkEntry(link, LinkState.NEW, null, null, now, now, null, 0, 0);
    }

    public LinkEntry withState(LinkState newState) {
        return new LinkEntry(link, newState, verdict, profileId, firstSeen, lastSeen, decidedAt, packets, bytes);
    }

    public LinkEntry withVerdict(Verdict mark, String profile, Instant at) {
        return new LinkEntry(link, state, mark, profile, firstSeen, lastSeen, at, packets, bytes);
    }

    LinkEntry seen(Instant at, int packetBytes) {
        return new LinkEntry(link, state, verdict, profileId, firstSeen, at, decidedAt, packets + 1,
                bytes + Math.max(0, packetBytes));
    }
}
