package dev.baton.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import dev.baton.store.SqliteDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The connection kept for claims on a real SQLite file. */
class SharedTransactionsTest {
  private static final String INSERT = "INSERT INTO t (v) VALUES (?)";

  @TempDir Path dir;
  private SQLiteDataSource file;
  private final List<Connection> opened = new ArrayList<>();
  private SharedTransactions transactions;

  @BeforeEach
  void open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    file = new SQLiteDataSource(config);
    file.setUrl("jdbc:sqlite:" + dir.resolve("t.db"));
    try (Connection c = file.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (v TEXT NOT NULL)");
    }
    SqliteDialect dialect = new SqliteDialect();
    transactions =
        new SharedTransactions(
            file,
            dialect,
            WriteGate.of(dialect),
            () -> {
              Connection c = file.getConnection();
              opened.add(c);
              return c;
            });
  }

  @AfterEach
  void close() {
    transactions.close();
  }

  @Test
  void one_connection_and_its_statements_serve_transaction_after_transaction() {
    List<PreparedStatement> used = new ArrayList<>();
    for (String v : List.of("a", "b", "c")) {
      transactions.run(tx -> {
        PreparedStatement ps = tx.prepare(INSERT);
        ps.setString(1, v);
        ps.executeUpdate();
        used.add(ps);
        return null;
      });
    }
    assertThat(opened).hasSize(1);
    assertThat(used).containsOnly(used.get(0));
    assertThat(values()).containsExactly("a", "b", "c");
  }

  @Test
  void the_kept_connection_alone_commits_without_a_sync_of_its_own() throws SQLException {
    long kept = transactions.run(tx -> synchronous(tx.connection()));
    try (Connection other = file.getConnection()) {
      assertThat(kept).as("NORMAL").isEqualTo(1);
      assertThat(synchronous(other)).as("FULL, as the journal's commits").isEqualTo(2);
    }
  }

  @Test
  void a_transaction_that_fails_leaves_nothing_and_the_next_opens_a_new_connection() {
    assertThatThrownBy(() ->
            transactions.run(tx -> {
              PreparedStatement ps = tx.prepare(INSERT);
              ps.setString(1, "lost");
              ps.executeUpdate();
              tx.prepare("INSERT INTO missing (v) VALUES (1)");
              return null;
            }))
        .isInstanceOf(BatonException.class);
    assertThat(values()).isEmpty();

    transactions.run(tx -> {
      PreparedStatement ps = tx.prepare(INSERT);
      ps.setString(1, "kept");
      return ps.executeUpdate();
    });
    assertThat(opened).hasSize(2);
    assertThat(opened.get(0)).satisfies(c -> assertThat(c.isClosed()).isTrue());
    assertThat(values()).containsExactly("kept");
  }

  @Test
  void an_error_in_a_transaction_does_not_leave_the_write_lock_held() {
    assertThatThrownBy(() ->
            transactions.run(tx -> {
              PreparedStatement ps = tx.prepare(INSERT);
              ps.setString(1, "lost");
              ps.executeUpdate();
              throw new StackOverflowError("deep");
            }))
        .isInstanceOf(StackOverflowError.class);
    assertThat(opened.get(0)).satisfies(c -> assertThat(c.isClosed()).isTrue());

    // another connection can write at once: nothing holds the lock
    try (Connection other = file.getConnection();
        Statement st = other.createStatement()) {
      st.execute("PRAGMA busy_timeout = 0");
      st.execute("INSERT INTO t (v) VALUES ('other')");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    transactions.run(tx -> {
      PreparedStatement ps = tx.prepare(INSERT);
      ps.setString(1, "next");
      return ps.executeUpdate();
    });
    assertThat(values()).containsExactly("other", "next");
  }

  @Test
  void a_closed_store_refuses_a_transaction_and_its_connection_is_closed() throws SQLException {
    transactions.run(tx -> tx.prepare(INSERT));
    transactions.close();
    assertThat(opened.get(0).isClosed()).isTrue();
    assertThatThrownBy(() -> transactions.run(tx -> null))
        .isInstanceOf(BatonException.class)
        .hasMessageContaining("closed");
  }

  private static long synchronous(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<String> values() {
    List<String> out = new ArrayList<>();
    try (Connection c = file.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT v FROM t ORDER BY rowid")) {
      while (rs.next()) out.add(rs.getString(1));
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return out;
  }
}
