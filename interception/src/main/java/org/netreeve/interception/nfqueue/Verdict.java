package org.netreeve.interception.nfqueue;

import java.util.EnumMap;
import java.util.Map;
import org.netreeve.interception.mark.ConnMark;

/**
 * What to do with a queued packet. ACCEPT carries the mark the filter chain acts on (a
 * {@link ConnMark}); DROP discards the packet in the queue; DEFER says the handler called
 * {@link QueuedPacket#defer()} and will answer later. The common verdicts are cached constants,
 * so returning one allocates nothing.
 */
public record Verdict(Action action, int mark) {
    /** The verdict kinds. */
    public enum Action {
        ACCEPT,
        DROP,
        DEFER
    }

    public static final Verdict DROP = new Verdict(Action.DROP, 0);
    public static final Verdict DEFER = new Verdict(Action.DEFER, 0);

    private static final Map<ConnMark, Verdict> ACCEPTS = new EnumMap<>(ConnMark.class);

    static {
        for (ConnMark mark : ConnMark.values()) {
            ACCEPTS.put(mark, new Verdict(Action.ACCEPT, mark.value()));
        }
    }

    public Verdict {
        if (action == null) {
            throw new IllegalArgumentException("verdict action is null");
        }
        if (action != Action.ACCEPT && mark != 0) {
            throw new IllegalArgumentException(action + " carries no mark, got " + mark);
        }
    }

    /** Accept the packet with one of the product's marks (cached instance). */
    public static Verdict accept(ConnMark mark) {
        return ACCEPTS.get(mark);
    }

    @Override
    public String toString() {
        if (action != Action.ACCEPT) {
            return action.name();
        }
        ConnMark known = ConnMark.ofValue(mark);
        return "ACCEPT mark " + mark + (known == null ? "" : " (" + known + ")");
    }
}
