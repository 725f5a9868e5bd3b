package dev.baton.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock that tests move by hand. */
final class TestClock extends Clock {
  private volatile Instant now = Instant.parse("2026-03-01T09:00:00Z");

  @Override
  public Instant instant() {
    return now;
  }

  Instant now() {
    return now;
  }

  void advance(Duration d) {
    now = now.plus(d).truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
