package dev.baton.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock that tests move by hand; safe to read from any thread. Give it to {@code
 * Baton.builder().clock(…)} and to the store, and time passes only when the test says so. Instants
 * are kept to the microsecond, the precision of the durable stores, so that what a store returns
 * equals what was written.
 */
public final class ManualClock extends Clock {
  /** Where {@link #start()} begins: a fixed instant, so journals recorded with it compare equal. */
  public static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

  private volatile Instant now;

  private ManualClock(Instant start) {
    this.now = start.truncatedTo(ChronoUnit.MICROS);
  }

  /** A clock at {@link #START}. */
  public static ManualClock start() {
    return new ManualClock(START);
  }

  public static ManualClock at(Instant start) {
    return new ManualClock(start);
  }

  /** Moves the clock on by {@code d} and returns the new time. */
  public Instant advance(Duration d) {
    Instant next = now.plus(d).truncatedTo(ChronoUnit.MICROS);
    now = next;
    return next;
  }

  /** Sets the time (backwards too, to test what happens when a clock jumps). */
  public void set(Instant instant) {
    now = instant.truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** The current time: {@link #instant()} under a shorter name. */
  public Instant now() {
    return now;
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
