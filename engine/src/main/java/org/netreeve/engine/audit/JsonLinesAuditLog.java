package org.netreeve.engine.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: a JSON Lines file, appended by one writer thread.
 *
 * <p>Deciding threads only enqueue; when the queue is full they wait for the writer rather than
 * lose a record (every verdict has its record). {@link #reopen()} starts a new file at the same
 * path after log rotation (SIGHUP). Listeners (the live monitor) see each record too.
 */
public final class JsonLinesAuditLog implements AuditSink {

  private static final Logger log = LoggerFactory.getLogger(JsonLinesAuditLog.class);
  private static final AuditRecord STOP = new AuditRecord(java.time.Instant.EPOCH, "", "", "", 0,
      new AuditRecord.RuleRef("", null, 0, "", "", null), List.of(), "", null, null, null, "", 0, false, null, null, null, null);

  /**
   * Generators neither close nor flush the file: a record goes into the file's buffer, and the
   * buffer to the file once per batch (a flush per record would be a system call per connection).
   */
  private static final JsonFactory JSON = JsonFactory.builder()
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
      .build();

  private final Path path;
  /** How long the writer lets records gather after the first of a batch. */
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private final BlockingQueue<AuditRecord> queue;
  private final Thread writerThread;
  private final List<Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean reopen;
  private volatile boolean flushRequested;
  private final Object flushLock = new Object();
  private long flushedUpTo;
  private long enqueued;
  private Writer out;

  public JsonLinesAuditLog(Path path, int queueCapacity) throws IOException {
    this.path = path;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.out = open(path);
    this.writerThread = new Thread(this::run, "audit-writer");
    writerThread.setDaemon(true);
    writerThread.start();
  }

  /** Sees every record after it was written (called on the writer thread). */
  public interface Listener {
    void written(AuditRecord record);
  }

  /** Adds a listener that sees every record after it was written (called on the writer thread). */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  public Path path() {
    return path;
  }

  /** Records written so far. */
  public long written() {
    return written.get();
  }

  @Override
  public void write(AuditRecord record) {
    try {
      queue.put(record);
      synchronized (flushLock) {
        enqueued++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every record enqueued before this call is on disk (bounded to 5 s). */
  @Override
  public void flush() {
    long target;
    synchronized (flushLock) {
      target = enqueued;
      flushRequested = true;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (flushedUpTo < target && System.nanoTime() < deadline) {
        try {
          flushLock.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Closes the file and opens it again at the same path (after rotation). */
  public void reopen() {
    reopen = true;
  }

  @Override
  public void close() {
    flush();
    try {
      queue.put(STOP);
      writerThread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<AuditRecord> batch = new ArrayList<>(256);
    while (true) {
      try {
        AuditRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          if (!flushRequested && first != STOP) {
            // Let the records of the next moment gather: one wake-up and one write for them all,
            // instead of a wake-up per record on the cores the packet path needs.
            LockSupport.parkNanos(LINGER_NANOS);
          }
          queue.drainTo(batch, 4095);
        }
        if (reopen) {
          reopen = false;
          out.close();
          out = open(path);
        }
        boolean stop = false;
        for (AuditRecord r : batch) {
          if (r == STOP) {
            stop = true;
            continue;
          }
          writeLine(r);
        }
        int count = batch.size() - (stop ? 1 : 0);
        batch.clear();
        if (count > 0 || flushRequested) {
          out.flush();
          synchronized (flushLock) {
            flushedUpTo += count;
            flushRequested = false;
            flushLock.notifyAll();
          }
        }
        if (stop) {
          out.close();
          return;
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        failed.incrementAndGet();
        log.error("audit log {}: {}", path, e.toString());
        try {
          Thread.sleep(500);
          out = open(path);
        } catch (IOException | InterruptedException again) {
          // keep trying on the next batch
        }
      }
    }
  }

  private void writeLine(AuditRecord r) throws IOException {
    // Straight into the file's buffer: no intermediate string per record.
    try (JsonGenerator g = JSON.createGenerator(out)) {
      AuditJson.write(g, r);
    }
    out.write('\n');
    written.incrementAndGet();
    for (Listener l : listeners) {
      try {
        l.written(r);
      } catch (RuntimeException e) {
        log.warn("audit listener failed: {}", e.toString());
      }
    }
  }

  private static Writer open(Path path) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8), 1 << 16);
  }
}
