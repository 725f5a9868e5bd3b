package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.journal.JournalStore;
import dev.baton.journal.RunCommand;
import dev.baton.journal.StoreSignal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

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

  @Test
  void a_command_submitted_by_one_process_wakes_the_listeners_of_another() {
    List<StoreSignal> got = new CopyOnWriteArrayList<>();
    try (JournalStore other = Stores.open(spec, clock);
        var subscription = store.listen(got::add)) {
      assertThat(subscription.crossProcess()).isTrue();
      // the listening connection is up once its start-up signals arrive
      await().until(() -> !got.isEmpty());
      other.submit(
          new RunCommand(0, "r1", "cancel", null, null, List.of(), "ann", "", Instant.now()));
      await()
          .untilAsserted(
              () -> assertThat(got).contains(new StoreSignal(StoreSignal.Kind.COMMAND, "r1")));
    }
  }
}
