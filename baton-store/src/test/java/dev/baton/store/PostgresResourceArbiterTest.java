package dev.baton.store;

import dev.baton.test.ManualClock;

class PostgresResourceArbiterTest extends ResourceArbiterContract {
  @Override
  protected JournalStore newStore() {
    return Stores.open(LocalPostgres.get().newDatabase(), ManualClock.start());
  }
}
