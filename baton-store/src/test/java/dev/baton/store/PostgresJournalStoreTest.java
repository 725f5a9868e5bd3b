package dev.baton.store;

/** The store contract on a real PostgreSQL server (see {@link LocalPostgres}). */
class PostgresJournalStoreTest extends JournalStoreContract {
  @Override
  protected String newStoreSpec() {
    return LocalPostgres.get().newDatabase();
  }

  @Override
  protected void refuseEventsHolding(String marker) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(spec);
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          """
          CREATE FUNCTION refuse() RETURNS trigger AS $$
          BEGIN
            IF NEW.data::text LIKE '%%%s%%' THEN RAISE EXCEPTION 'refused by a trigger'; END IF;
            RETURN NEW;
          END $$ LANGUAGE plpgsql
          """
              .formatted(marker));
      st.execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse()");
    }
  }
}
