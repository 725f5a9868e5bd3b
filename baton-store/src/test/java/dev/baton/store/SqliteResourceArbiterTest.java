package dev.baton.store;

import dev.baton.test.ManualClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteResourceArbiterTest extends ResourceArbiterContract {
  @TempDir Path dir;

  @Override
  protected JournalStore newStore() {
    return Stores.sqlite(dir.resolve("baton.db"), ManualClock.start());
  }
}
