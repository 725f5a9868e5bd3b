package dev.baton.store;

import static dev.baton.store.Journals.append;
import static dev.baton.store.Journals.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import dev.baton.journal.JournalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Stores#open} makes of the text after {@code --db}. */
class StoresTest {
  @TempDir Path dir;

  @Test
  void a_path_opens_a_sqlite_file_in_wal_mode_creating_its_folders() {
    Path file = dir.resolve("a/b/baton.db");
    try (JournalStore store = Stores.open(file.toString())) {
      store.append(append("r", 1, step("x"))).join();
    }
    assertThat(file).exists();
    assertThat(dir.resolve("a/b/baton.db-wal"))
        .doesNotExist(); // checkpointed and removed on the last close
    try (JournalStore store = Stores.open(file.toString())) {
      assertThat(store.read("r", 0)).hasSize(1);
    }
  }

  @Test
  void a_postgresql_url_with_user_info_opens_the_database() {
    String jdbc =
        LocalPostgres.get().newDatabase(); // jdbc:postgresql://127.0.0.1:PORT/db?user=postgres
    String url =
        jdbc.replace("jdbc:postgresql://", "postgresql://postgres:secret@")
            .replace("?user=postgres", "");
    try (JournalStore store = Stores.open(url)) {
      store.append(append("r", 1, step("x"))).join();
      assertThat(store.read("r", 0)).hasSize(1);
    }
  }

  @Test
  void other_urls_and_blank_specs_are_refused_with_a_hint() {
    assertThatThrownBy(() -> Stores.open("jdbc:mysql://localhost/baton"))
        .isInstanceOf(BatonException.class)
        .hasMessageContaining("file path or a PostgreSQL URL");
    assertThatThrownBy(() -> Stores.open(" ")).isInstanceOf(BatonException.class);
  }

  @Test
  void two_stores_opening_a_new_file_at_once_both_end_up_on_the_same_schema() throws Exception {
    Path file = dir.resolve("race.db");
    var first =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> Stores.open(file.toString()));
    var second =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> Stores.open(file.toString()));
    try (JournalStore a = first.join();
        JournalStore b = second.join()) {
      a.append(append("r", 1, step("x"))).join();
      assertThat(b.read("r", 0)).hasSize(1);
    }
    assertThat(Files.size(file)).isPositive();
  }

  @Test
  void an_invalid_postgresql_url_is_refused_without_echoing_its_password() {
    assertThatThrownBy(() -> Stores.open("postgresql://ann:hunter2secret@db host/baton"))
        .isInstanceOf(dev.baton.BatonException.class)
        .hasMessageStartingWith("invalid PostgreSQL URL")
        .hasMessageNotContaining("hunter2secret");
  }
}
