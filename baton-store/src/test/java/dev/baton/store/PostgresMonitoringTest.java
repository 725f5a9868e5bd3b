package dev.baton.store;

/** The monitoring contract on a real PostgreSQL server (see {@link LocalPostgres}). */
class PostgresMonitoringTest extends MonitoringContract {
  @Override
  protected String newStoreSpec() {
    return LocalPostgres.get().newDatabase();
  }
}
