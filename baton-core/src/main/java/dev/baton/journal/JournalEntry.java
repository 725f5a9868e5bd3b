package dev.baton.journal;

import java.time.Instant;

/**
 * An event as stored: the run it belongs to, its position in the run's journal (1, 2, …) and its
 * time.
 */
public record JournalEntry(String run, long seq, Instant time, Event event) {
  public JournalEntry {
    if (seq < 1) throw new IllegalArgumentException("seq starts at 1");
  }
}
