package org.netreeve.daemon.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.netreeve.engine.audit.AuditJson;
import org.netreeve.engine.audit.JsonLinesAuditLog;
import org.netreeve.engine.audit.AuditRecord;

/**
 * The most recent audit records, and subscribers that see each new one: what the live monitor
 * shows. Fed by the audit log's writer thread.
 *
 * <p>Thread rules: {@link #written} on the writer thread, everything else from any thread.
 */
public final class AuditFeed implements JsonLinesAuditLog.Listener {

  private final int capacity;
  private final ArrayDeque<AuditRecord> recent;
  private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

  public AuditFeed(int capacity) {
    this.capacity = capacity;
    this.recent = new ArrayDeque<>(capacity);
  }

  @Override
  public void written(AuditRecord r) {
    synchronized (recent) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(r);
    }
    if (!subscribers.isEmpty()) {
      // JSON only when someone watches: the log itself is written without it.
      String json = AuditJson.toJson(r);
      for (Consumer<String> s : subscribers) {
        s.accept(json);
      }
    }
  }

  /** The last {@code n} records as JSON lines, oldest first. */
  public List<String> last(int n) {
    List<AuditRecord> all;
    synchronized (recent) {
      all = new ArrayList<>(recent);
    }
    List<String> out = new ArrayList<>();
    for (AuditRecord r : all.subList(Math.max(0, all.size() - n), all.size())) {
      out.add(AuditJson.toJson(r));
    }
    return out;
  }

  public void subscribe(Consumer<String> s) {
    subscribers.add(s);
  }

  public void unsubscribe(Consumer<String> s) {
    subscribers.remove(s);
  }
}
