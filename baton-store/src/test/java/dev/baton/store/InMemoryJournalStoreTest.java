package dev.baton.store;

import dev.baton.store.memory.InMemoryJournalStore;

/**
 * The store contract on the in-memory store that the engine's own suites and embedded users run on:
 * it must behave like the durable stores in everything but durability.
 */
class InMemoryJournalStoreTest extends JournalStoreContract {
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

  @Override
  protected void refuseEventsHolding(String marker) {
    throw new UnsupportedOperationException("the in-memory store refuses nothing");
  }
}
