package dev.baton.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a SQLite file. */
class SqliteJournalStoreTest extends JournalStoreContract {
  @TempDir Path dir;

  @Override
  protected String newStoreSpec() {
    return dir.resolve("nested/folder/baton.db").toString();
  }

  @Override
  protected void refuseEventsHolding(String marker) throws Exception {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + spec);
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.data LIKE '%"
              + marker
              + "%' BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END");
    }
  }
}
