package dev.baton.store;

import static dev.baton.store.Journals.append;
import static dev.baton.store.Journals.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.journal.JournalConflictException;
import dev.baton.journal.LeaseOwner;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

  /**
   * A virtual thread appending while nothing else is queued or being written writes its append
   * itself: it is told on its own thread, before {@code append} returns, with no thread woken on
   * either side. A platform thread's append goes to the writer thread, which tells it there.
   */
  @Test
  void a_lone_append_from_a_virtual_thread_is_written_and_told_on_that_thread() throws Exception {
    // a new store: nothing is queued, being written or being told
    AtomicReference<Thread> toldOn = new AtomicReference<>();
    AtomicBoolean toldBeforeReturn = new AtomicBoolean();
    Thread caller =
        Thread.ofVirtual()
            .start(() -> {
              store.append(
                  append("here", 1, step("h1")), failure -> toldOn.set(Thread.currentThread()));
              toldBeforeReturn.set(toldOn.get() != null);
            });
    caller.join();
    assertThat(toldOn.get()).isSameAs(caller);
    assertThat(toldBeforeReturn).isTrue();
    assertThat(store.read("here", 0)).hasSize(1);

    CompletableFuture<Thread> platformTold = new CompletableFuture<>();
    Thread platform =
        Thread.ofPlatform()
            .start(() ->
                store.append(
                    append("there", 1, step("t1")),
                    failure -> platformTold.complete(Thread.currentThread())));
    platform.join();
    assertThat(platformTold.get(30, TimeUnit.SECONDS).getName())
        .startsWith("baton-journal-writer-");
  }

  /**
   * The writer reads a run's lease once and then trusts it while no other connection commits
   * (SQLite's data version): a lease moved by anything else, here a plain statement of another
   * connection, is read again by the next append and fences it out.
   */
  @Test
  void a_lease_moved_by_another_connection_fences_out_the_next_append() throws Exception {
    LeaseOwner mine = new LeaseOwner("elsewhere-1", 100, 1);
    LeaseOwner theirs = new LeaseOwner("elsewhere-2", 200, 2);
    store.acquireLease("r", mine, clock.now().plusSeconds(30));
    store.acquireLease("s", mine, clock.now().plusSeconds(30));
    for (int seq = 1; seq <= 3; seq++) {
      store.append(append("r", seq, step("r" + seq))).join();
      store.append(append("s", seq, step("s" + seq))).join();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + spec);
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE runs SET lease_owner = '" + theirs + "' WHERE run = 'r'");
    }
    assertThatThrownBy(() -> store.append(append("r", 4, step("stale"))).join())
        .hasCauseInstanceOf(JournalConflictException.class)
        .hasMessageContaining("another process has taken over its lease");
    store.append(append("s", 4, step("s4"))).join(); // its neighbour's lease still holds
    assertThat(store.read("r", 0)).hasSize(3);
    assertThat(store.read("s", 0)).hasSize(4);
  }

  /**
   * A run created with its lease is known to the writer from that commit on, without a read; a
   * lease moved afterwards by another connection still fences the run out.
   */
  @Test
  void a_run_created_with_its_lease_is_fenced_out_once_another_connection_moves_it()
      throws Exception {
    LeaseOwner mine = new LeaseOwner("elsewhere-1", 100, 1);
    LeaseOwner theirs = new LeaseOwner("elsewhere-2", 200, 2);
    store.create(append("c", 1, step("c1")), mine, clock.now().plusSeconds(30)).join();
    store.append(append("c", 2, step("c2"))).join();
    store.append(append("c", 3, step("c3"))).join();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + spec);
        Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE runs SET lease_owner = '" + theirs + "' WHERE run = 'c'");
    }
    assertThatThrownBy(() -> store.append(append("c", 4, step("stale"))).join())
        .hasCauseInstanceOf(JournalConflictException.class)
        .hasMessageContaining("another process has taken over its lease");
    assertThat(store.read("c", 0)).hasSize(3);
  }
}
