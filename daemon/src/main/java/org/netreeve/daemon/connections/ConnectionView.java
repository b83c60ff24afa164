package org.netreeve.daemon.connections;

import java.util.List;
import org.netreeve.net.Direction;
import org.netreeve.net.Verdict;

/** What the API may see of the connection table: rows to show, never the state to change. */
public interface ConnectionView {

  /**
   * One link as the monitor shows it.
   *
   * @param link          its 5-tuple as text
   * @param direction     who opened it
   * @param verdict       its verdict
   * @param process       the process, described
   * @param domain        its domain, or null
   * @param inspection    what inspection keeps it in user space for, or null
   * @param communication the id of its communication, or null
   * @param stale         handed back for a new decision after a policy or level change
   */
  record Row(String link, Direction direction, Verdict verdict, String process, String domain, String inspection,
      String communication, boolean stale) {}

  /** At most {@code limit} links, least recently used first. */
  List<Row> connections(int limit);

  /** How many links the table holds. */
  int size();
}
