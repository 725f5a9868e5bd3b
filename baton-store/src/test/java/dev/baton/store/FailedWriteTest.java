package dev.baton.store;

import static dev.baton.store.Journals.append;
import static dev.baton.store.Journals.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.JournalWriteException;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.test.ManualClock;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails (here: a full disk, a real tmpfs when the tests run as root) never leaves a
 * hole in a run's journal: later appends of that run are refused until one continues the journal
 * where it stands, which is what {@code baton resume} does once space is back.
 */
class FailedWriteTest {
  @TempDir Path tmp;
  final ManualClock clock = ManualClock.start();
  FullDisk disk;
  JournalStore store;

  @BeforeEach
  void open() throws Exception {
    disk = FullDisk.in(tmp);
    store = disk.open(clock);
  }

  @AfterEach
  void close() throws Exception {
    try {
      disk.free();
      store.close();
    } finally {
      disk.close();
    }
  }

  @Test
  void a_run_whose_append_failed_gets_no_later_append_until_one_continues_its_journal()
      throws Exception {
    store.append(append("r", 1, step("a"), step("b"))).join();
    disk.fill();

    CompletableFuture<Void> big = store.append(append("r", 3, bulky(100)));
    CompletableFuture<Void> pipelined = store.append(append("r", 103, step("next")));

    assertThatThrownBy(big::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(JournalWriteException.class)
        .hasMessage("disk full writing the journal of run r; free space and run `baton resume r`");
    assertThatThrownBy(pipelined::join).cause().isInstanceOf(JournalWriteException.class);

    disk.free();
    CompletableFuture<Void> later =
        store.append(append("r", 104, RunStatus.SUCCEEDED, step("last")));
    assertThatThrownBy(later::join)
        .cause()
        .isInstanceOf(JournalWriteException.class)
        .hasMessageContaining("does not follow the journal's last seq 2")
        .hasMessageNotContaining("\n");
    assertThat(store.read("r", 0)).extracting(JournalEntry::seq).containsExactly(1L, 2L);
    assertThat(store.run("r")).map(RunSummary::state).contains(RunStatus.RUNNING);

    store.append(append("r", 3, step("again"))).join();
    store.append(append("r", 4, RunStatus.SUCCEEDED, step("done"))).join();
    assertThat(store.read("r", 0)).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(store.run("r")).map(RunSummary::state).contains(RunStatus.SUCCEEDED);
  }

  @Test
  void a_new_store_process_refuses_a_hole_too() throws Exception {
    store.append(append("r", 1, step("a"))).join();
    store.close();
    store = disk.open(clock); // knows nothing of r: asks the database where its journal stands

    assertThatThrownBy(() -> store.append(append("r", 5, step("b"))).join())
        .cause()
        .isInstanceOf(JournalWriteException.class);
    store.append(append("r", 2, step("b"))).join();
    assertThat(store.read("r", 0)).extracting(JournalEntry::seq).containsExactly(1L, 2L);
  }

  /** Events too big for what is left of the disk. */
  private static Event[] bulky(int n) {
    Event[] events = new Event[n];
    for (int i = 0; i < n; i++) {
      StringBuilder reason = new StringBuilder();
      java.util.Random random = new java.util.Random(i);
      while (reason.length() < 4096) reason.append(Long.toString(random.nextLong(), 36));
      events[i] = new Event.StepQueued("build", "s" + i, "coder", reason.toString());
    }
    return events;
  }
}
