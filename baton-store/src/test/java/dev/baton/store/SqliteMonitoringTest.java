package dev.baton.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring contract on a SQLite file. */
class SqliteMonitoringTest extends MonitoringContract {
  @TempDir Path dir;

  @Override
  protected String newStoreSpec() {
    return dir.resolve("baton.db").toString();
  }
}
