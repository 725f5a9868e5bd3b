package dev.baton.store;

/** The store contract on a real PostgreSQL server (see {@link LocalPostgres}). */
class PostgresJournalStoreTest extends JournalStoreContract {
  @Override
  protected String newStoreSpec() {
    return LocalPostgres.get().newDatabase();
  }
}
