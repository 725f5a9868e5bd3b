package dev.baton.store;

import static dev.baton.store.Journals.append;
import static dev.baton.store.Journals.step;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
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

  @Test
  void an_append_that_tells_its_caller_is_told_on_the_writer_thread_after_the_commit() {
    CompletableFuture<String> thread = new CompletableFuture<>();
    store.append(
        append("r", 1, step("a")), error -> thread.complete(Thread.currentThread().getName()));

    assertThat(thread.join()).startsWith("baton-journal-writer-");
    assertThat(store.read("r", 0)).hasSize(1);
  }
}
