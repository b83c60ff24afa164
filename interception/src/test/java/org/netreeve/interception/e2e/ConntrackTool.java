package org.netreeve.interception.e2e;

import java.net.InetAddress;
import org.netreeve.interception.conntrack.ConntrackClient;
import org.netreeve.net.FiveTuple;

/**
 * Runs {@link ConntrackClient} inside a namespace for the end-to-end tests:
 * {@code ConntrackTool clear|mark N|delete PROTO SRC SPORT DST DPORT}; prints {@code DONE} or
 * {@code NOENT}.
 */
public final class ConntrackTool {
    private ConntrackTool() {
    }

    public static void main(String[] args) throws Exception {
        int i = 0;
        String action = args[i++];
        int mark = action.equals("mark") ? Integer.parseInt(args[i++]) : 0;
        FiveTuple tuple = new FiveTuple(Integer.parseInt(args[i]), InetAddress.getByName(args[i + 1]),
                Integer.parseInt(args[i + 2]), InetAddress.getByName(args[i + 3]), Integer.parseInt(args[i + 4]));
        try (ConntrackClient client = ConntrackClient.open()) {
            boolean found = switch (action) {
                case "clear" -> client.clearMark(tuple);
                case "mark" -> client.setMark(tuple, mark);
                case "delete" -> client.delete(tuple);
                default -> throw new IllegalArgumentException("unknown action " + action);
            };
            System.out.println(found ? "DONE" : "NOENT");
        }
    }
}
