package org.netreeve.process.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test says so; its nanoTime() is a LongSupplier too. */
public final class ManualClock extends Clock {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

  public void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    long now = nanos.get();
    return Instant.ofEpochSecond(now / 1_000_000_000L, now % 1_000_000_000L);
  }

  @Override
  public long millis() {
    return nanos.get() / 1_000_000L;
  }
}
