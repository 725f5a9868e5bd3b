package dev.baton.store;

import dev.baton.journal.JournalStore;

class PostgresResourceArbiterTest extends ResourceArbiterContract {
  @Override
  protected JournalStore newStore() {
    return Stores.open(LocalPostgres.get().newDatabase(), new TestClock());
  }
}
