package dev.baton.store;

class PostgresResourceArbiterTest extends ResourceArbiterContract {
  @Override
  protected JournalStore newStore() {
    return Stores.open(LocalPostgres.get().newDatabase(), new TestClock());
  }
}
