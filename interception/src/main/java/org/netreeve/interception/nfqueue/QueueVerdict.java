package org.netreeve.interception.nfqueue;

import java.util.EnumMap;
import java.util.Map;
import org.netreeve.net.Verdict;

/**
 * What to do with a queued packet. ACCEPT carries the mark the filter chain acts on (a
 * {@link Verdict}); DROP discards the packet in the queue; DEFER says the handler called
 * {@link QueuedPacket#defer()} and will answer later. The common verdicts are cached constants,
 * so returning one allocates nothing.
 */
public record QueueVerdict(Action action, int mark) {
    /** The verdict kinds. */
    public enum Action {
        ACCEPT,
        DROP,
        DEFER
    }

    public static final QueueVerdict DROP = new QueueVerdict(Action.DROP, 0);
    public static final QueueVerdict DEFER = new QueueVerdict(Action.DEFER, 0);

    private static final Map<Verdict, QueueVerdict> ACCEPTS = new EnumMap<>(Verdict.class);

    static {
        for (Verdict mark : Verdict.values()) {
            ACCEPTS.put(mark, new QueueVerdict(Action.ACCEPT, mark.mark()));
        }
    }

    public QueueVerdict {
        if (action == null) {
            throw new IllegalArgumentException("verdict action is null");
        }
        if (action != Action.ACCEPT && mark != 0) {
            throw new IllegalArgumentException(action + " carries no mark, got " + mark);
        }
    }

    /** Accept the packet with one of the product's marks (cached instance). */
    public static QueueVerdict accept(Verdict mark) {
        return ACCEPTS.get(mark);
    }

    @Override
    public String toString() {
        if (action != Action.ACCEPT) {
            return action.name();
        }
        Verdict known = Verdict.ofMark(mark);
        return "ACCEPT mark " + mark + (known == null ? "" : " (" + known.name() + ")");
    }
}
