package dev.baton.store;

import dev.baton.store.memory.InMemoryJournalStore;

/** The in-memory store keeps the same contract (its arbiter holds within one process). */
class InMemoryResourceArbiterTest extends ResourceArbiterContract {
  @Override
  protected JournalStore newStore() {
    return new InMemoryJournalStore();
  }

  @Override
  protected boolean sharedByProcesses() {
    return false;
  }
}
