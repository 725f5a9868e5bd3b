package dev.baton.store;

import static dev.baton.store.Journals.append;
import static dev.baton.store.Journals.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.CommandKind;
import dev.baton.journal.RunCommand;
import dev.baton.test.ManualClock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one SQLite file: another process's writes wait for the journal writer, and
 * succeed.
 */
class SqliteContentionTest {
  static final int COMMANDS = 60;

  @TempDir Path dir;

  @Test
  void commands_submitted_by_another_process_succeed_while_this_one_appends() throws Exception {
    Path file = dir.resolve("baton.db");
    try (JournalStore store = Stores.sqlite(file, ManualClock.start())) {
      Process submitter = ChildJvm.start(CommandSubmitter.class, file.toString());
      long seq = 0;
      while (submitter.isAlive()) {
        CompletableFuture<?>[] batch = new CompletableFuture<?>[20];
        for (int i = 0; i < batch.length; i++)
          batch[i] = store.append(append("busy", ++seq, step("s" + seq)));
        CompletableFuture.allOf(batch).join();
      }

      assertThat(submitter.waitFor()).as("the submitting process's exit code").isZero();
      assertThat(store.read("busy", 0)).hasSize((int) seq);
      assertThat(store.pendingCommands(List.of("other"))).hasSize(COMMANDS);
    }
  }

  /** The other process: submits commands one by one, as {@code baton approve} would. */
  public static final class CommandSubmitter {
    public static void main(String[] args) {
      try (JournalStore store = Stores.sqlite(Path.of(args[0]), ManualClock.start())) {
        for (int i = 0; i < COMMANDS; i++) {
          store.submit(
              new RunCommand(
                  0,
                  "other",
                  CommandKind.CANCEL,
                  null,
                  null,
                  List.of(),
                  "ops",
                  "",
                  java.time.Instant.EPOCH));
          store.pendingCommands(List.of("other"));
        }
      }
    }
  }
}
