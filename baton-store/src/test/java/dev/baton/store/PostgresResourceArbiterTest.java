package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.resource.Decision;
import dev.baton.resource.Need;
import dev.baton.test.ManualClock;
import dev.baton.workflow.Priority;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PostgresResourceArbiterTest extends ResourceArbiterContract {
  private String url;

  @Override
  protected JournalStore newStore() {
    url = LocalPostgres.get().newDatabase();
    return Stores.open(url, ManualClock.start());
  }

  @Test
  void a_decision_waits_only_for_decisions_on_the_same_resources() throws Exception {
    PostgresDialect dialect = new PostgresDialect();
    try (Connection other = DriverManager.getConnection(url)) {
      // another node is in the middle of a decision on "db"
      dialect.begin(other);
      dialect.lockClaims(other, List.of("db"));

      assertThat(acquire(claim("r1/a", Priority.NORMAL, Need.exclusive("cache"))).granted())
          .as("a decision on another resource goes on")
          .isTrue();
      CompletableFuture<Decision> onDb =
          CompletableFuture.supplyAsync(
              () -> acquire(claim("r2/b", Priority.NORMAL, Need.exclusive("db"))),
              r -> Thread.ofVirtual().start(r));
      // a decision on the same resource waits for the other node's lock
      await().atMost(Duration.ofMinutes(1)).until(() -> waitingForAdvisoryLock(other) == 1);
      assertThat(onDb).isNotDone();

      dialect.commit(other);
      await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(onDb).isDone());
      assertThat(onDb.get().granted()).isTrue();
    }
  }

  private static int waitingForAdvisoryLock(Connection c) throws Exception {
    try (var st = c.createStatement();
        var rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
