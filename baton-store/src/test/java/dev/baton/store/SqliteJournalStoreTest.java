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
}
