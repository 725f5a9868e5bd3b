package dev.baton.store;

import dev.baton.store.memory.InMemoryJournalStore;

/** The monitoring contract on the in-memory store. */
class InMemoryMonitoringTest extends MonitoringContract {
  @Override
  protected String newStoreSpec() {
    return "memory";
  }

  @Override
  protected JournalStore open() {
    return new InMemoryJournalStore(clock);
  }

  @Override
  protected boolean durable() {
    return false;
  }
}
