package org.netreeve.engine.audit;

/** Where audit records go. Implementations are thread-safe; {@code write} never throws. */
public interface AuditSink extends AutoCloseable {

  /** Records one verdict. */
  void write(AuditRecord record);

  /** Flushes what was written so far. */
  default void flush() {}

  @Override
  default void close() {}

  /** Discards every record (dry runs that print their own output). */
  AuditSink NONE = record -> { };
}
