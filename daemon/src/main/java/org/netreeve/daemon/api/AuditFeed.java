package org.netreeve.daemon.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.netreeve.engine.audit.AuditJson;
import org.netreeve.engine.audit.AuditRecord;

/**
 * The most recent audit records, and subscribers that see each new one: what the live monitor
 * shows. Fed by the audit log's writer thread.
 *
 * <p>Thread rules: {@link #accept} on the writer thread, everything else from any thread.
 */
public final class AuditFeed implements Consumer<AuditRecord> {

  private final int capacity;
  private final ArrayDeque<String> recent;
  private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

  public AuditFeed(int capacity) {
    this.capacity = capacity;
    this.recent = new ArrayDeque<>(capacity);
  }

  @Override
  public void accept(AuditRecord r) {
    String json = AuditJson.toJson(r);
    synchronized (recent) {
      if (recent.size() == capacity) {
        recent.removeFirst();
      }
      recent.addLast(json);
    }
    for (Consumer<String> s : subscribers) {
      s.accept(json);
    }
  }

  /** The last {@code n} records as JSON lines, oldest first. */
  public List<String> last(int n) {
    synchronized (recent) {
      List<String> all = new ArrayList<>(recent);
      return all.subList(Math.max(0, all.size() - n), all.size());
    }
  }

  public void subscribe(Consumer<String> s) {
    subscribers.add(s);
  }

  public void unsubscribe(Consumer<String> s) {
    subscribers.remove(s);
  }
}
