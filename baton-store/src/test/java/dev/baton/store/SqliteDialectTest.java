package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

class SqliteDialectTest {
  private static final int NORMAL = 1;
  private static final int FULL = 2;

  @TempDir Path dir;

  private final SqliteDialect dialect = new SqliteDialect();

  @Test
  void a_transaction_of_shared_state_skips_its_own_fsync_and_leaves_the_connection_durable()
      throws Exception {
    try (Connection c = open()) {
      execute(c, "CREATE TABLE claims (holder TEXT PRIMARY KEY)");

      dialect.beginShared(c);
      assertThat(synchronous(c)).isEqualTo(NORMAL);
      execute(c, "INSERT INTO claims VALUES ('run/a1')");
      dialect.commitShared(c);

      assertThat(synchronous(c)).isEqualTo(FULL);
      assertThat(c.getAutoCommit()).isTrue();
      assertThat(count(c)).isEqualTo(1);
    }
  }

  @Test
  void a_rolled_back_transaction_of_shared_state_leaves_the_connection_durable_too()
      throws Exception {
    try (Connection c = open()) {
      execute(c, "CREATE TABLE claims (holder TEXT PRIMARY KEY)");

      dialect.beginShared(c);
      execute(c, "INSERT INTO claims VALUES ('run/a1')");
      dialect.rollbackShared(c);

      assertThat(synchronous(c)).isEqualTo(FULL);
      assertThat(count(c)).isZero();
    }
  }

  @Test
  void ordinary_transactions_stay_fully_synchronous() throws Exception {
    try (Connection c = open()) {
      execute(c, "CREATE TABLE claims (holder TEXT PRIMARY KEY)");

      dialect.begin(c);
      assertThat(synchronous(c)).isEqualTo(FULL);
      execute(c, "INSERT INTO claims VALUES ('run/a1')");
      dialect.commit(c);

      assertThat(synchronous(c)).isEqualTo(FULL);
    }
  }

  /**
   * A kept connection's transactions go on after a rollback with no transaction left to undo (the
   * driver closes a statement that failed; it is prepared again), and after a failed commit.
   */
  @Test
  void a_connection_s_prepared_transactions_go_on_after_their_statements_failed() throws Exception {
    try (Connection c = open()) {
      execute(c, "CREATE TABLE claims (holder TEXT PRIMARY KEY)");
      SqlDialect.Transactions tx = dialect.transactions(c);

      tx.rollback(); // nothing to roll back: SQLite says so, and that is not an error
      tx.rollback();
      tx.begin();
      execute(c, "INSERT INTO claims VALUES ('run/a1')");
      tx.commit();
      assertThat(count(c)).isEqualTo(1);
      // no transaction to commit: fails, and the next transactions still work
      assertThatThrownBy(tx::commit)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("no transaction is active");
      tx.begin();
      execute(c, "INSERT INTO claims VALUES ('run/a2')");
      tx.rollback();
      tx.begin();
      execute(c, "INSERT INTO claims VALUES ('run/a3')");
      tx.commit();
      assertThat(count(c)).isEqualTo(2);
    }
  }

  /** A connection as the store opens them: WAL, {@code synchronous=FULL}. */
  private Connection open() throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + dir.resolve("baton.db"));
    return source.getConnection();
  }

  private static int synchronous(Connection c) throws SQLException {
    return intOf(c, "PRAGMA synchronous");
  }

  private static int count(Connection c) throws SQLException {
    return intOf(c, "SELECT count(*) FROM claims");
  }

  private static int intOf(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
