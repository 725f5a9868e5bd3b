package dev.baton.test;

import dev.baton.store.JournalStore;
import dev.baton.store.memory.InMemoryJournalStore;
import java.time.Clock;

/**
 * A store that lives as long as a test: in memory, with atomic appends, leases on the test's clock
 * and every projection, as the durable stores have them (the store contract suites run on it).
 */
public final class ScratchStore {
  private ScratchStore() {}

  /** A scratch store whose leases expire by {@code clock} (a {@link ManualClock}, usually). */
  public static JournalStore create(Clock clock) {
    return new InMemoryJournalStore(clock);
  }
}
