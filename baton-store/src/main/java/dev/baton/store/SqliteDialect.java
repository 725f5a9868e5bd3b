package dev.baton.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite 3.35 or newer: JSON as text, instants as integer microseconds since the epoch, {@code
 * AUTOINCREMENT} keys for the creation order of runs and commands.
 *
 * <p>Write transactions start with {@code BEGIN IMMEDIATE}: the write lock is taken up front, so a
 * writer that meets another process's transaction waits in SQLite's busy handler instead of failing
 * at once with {@code SQLITE_BUSY} when a deferred read transaction tries to become a write.
 */
public final class SqliteDialect implements SqlDialect {

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public String word(Word word) {
    return switch (word) {
      case TEXT, JSON -> "TEXT";
      case INT, BIGINT -> "INTEGER";
      case REAL -> "REAL";
      case KEY -> "INTEGER PRIMARY KEY AUTOINCREMENT";
      case WITHOUT_ROWID -> " WITHOUT ROWID";
    };
  }

  @Override
  public boolean oneWriterAtATime() {
    return true;
  }

  @Override
  public String othersCommittedQuery() {
    return "PRAGMA data_version";
  }

  @Override
  public void begin(Connection c) throws SQLException {
    execute(c, "BEGIN IMMEDIATE");
  }

  @Override
  public void commit(Connection c) throws SQLException {
    execute(c, "COMMIT");
  }

  /**
   * With {@code synchronous=NORMAL} for the transaction: in WAL mode its commit is written to the
   * WAL without an fsync of its own. Only a crash of the operating system can lose it, and a WAL
   * database is only ever shared by processes of one machine (it needs their shared memory), so all
   * of them end with it. The next durable commit (the journal's, {@code synchronous=FULL}) syncs
   * the WAL, this transaction's frames with it; the database stays consistent either way.
   */
  @Override
  public void beginShared(Connection c) throws SQLException {
    execute(c, "PRAGMA synchronous=NORMAL");
    try {
      begin(c);
    } catch (SQLException | RuntimeException e) {
      execute(c, "PRAGMA synchronous=FULL");
      throw e;
    }
  }

  /**
   * {@code synchronous=NORMAL} for every transaction of the connection, as {@link #beginShared}.
   */
  @Override
  public void keepShared(Connection c) throws SQLException {
    execute(c, "PRAGMA synchronous=NORMAL");
  }

  @Override
  public void commitShared(Connection c) throws SQLException {
    try {
      commit(c);
    } finally {
      execute(c, "PRAGMA synchronous=FULL");
    }
  }

  @Override
  public void rollbackShared(Connection c) throws SQLException {
    try {
      rollback(c);
    } finally {
      execute(c, "PRAGMA synchronous=FULL");
    }
  }

  @Override
  public void rollback(Connection c) throws SQLException {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException e) {
      rolledBackAlready(e);
    }
  }

  /** SQLite may have rolled back by itself (e.g. after an I/O error): nothing is left to undo. */
  private static void rolledBackAlready(SQLException e) throws SQLException {
    if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) throw e;
  }

  /**
   * {@code BEGIN IMMEDIATE}, {@code COMMIT} and {@code ROLLBACK} prepared once: executed anew each
   * time, SQLite parses them and the driver makes a statement for them, a few microseconds of a
   * commit that the writer's one thread spends while every run waits. The driver closes a statement
   * that failed (a {@code ROLLBACK} after SQLite rolled back by itself, say); it is prepared again
   * at its next use.
   */
  @Override
  public Transactions transactions(Connection c) throws SQLException {
    Prepared begin = new Prepared(c, "BEGIN IMMEDIATE");
    Prepared commit = new Prepared(c, "COMMIT");
    Prepared rollback = new Prepared(c, "ROLLBACK");
    return new Transactions() {
      @Override
      public void begin() throws SQLException {
        begin.execute();
      }

      @Override
      public void commit() throws SQLException {
        commit.execute();
      }

      @Override
      public void rollback() throws SQLException {
        try {
          rollback.execute();
        } catch (SQLException e) {
          rolledBackAlready(e);
        }
      }
    };
  }

  /**
   * A statement of a transaction's own. The driver finalizes a statement that failed, so after a
   * failure it is closed and prepared again at its next use.
   */
  private static final class Prepared {
    private final Connection c;
    private final String sql;
    private PreparedStatement statement;

    Prepared(Connection c, String sql) throws SQLException {
      this.c = c;
      this.sql = sql;
      this.statement = c.prepareStatement(sql);
    }

    void execute() throws SQLException {
      if (statement == null) statement = c.prepareStatement(sql);
      try {
        statement.execute();
      } catch (SQLException e) {
        PreparedStatement failed = statement;
        statement = null;
        try {
          failed.close();
        } catch (SQLException closing) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  @Override
  public boolean isDiskFull(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_FULL)
        return true;
      if (t instanceof SQLException q
          && q.getMessage() != null
          && q.getMessage().contains("SQLITE_FULL")) return true;
    }
    return false;
  }

  /**
   * SQLite's result code and its meaning ({@code SQLITE_FULL: Insertion failed because database is
   * full}); never the driver's message, which may quote the statement.
   */
  @Override
  public String describe(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s && s.getResultCode() != SQLiteErrorCode.UNKNOWN_ERROR)
        return s.getResultCode().name() + ": " + s.getResultCode().message;
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    java.util.regex.Matcher code =
        java.util.regex.Pattern.compile("\\[(SQLITE_[A-Z_]+)]").matcher(m);
    if (code.find()) {
      for (SQLiteErrorCode c : SQLiteErrorCode.values())
        if (c.name().equals(code.group(1))) return c.name() + ": " + c.message;
      return code.group(1);
    }
    return "database error (" + e.getClass().getSimpleName() + ")";
  }

  @Override
  public boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s
          && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
              || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
        return true;
      }
      if (t instanceof SQLException q
          && q.getMessage() != null
          && q.getMessage().contains("UNIQUE constraint failed")) {
        return true;
      }
    }
    return false;
  }
}
