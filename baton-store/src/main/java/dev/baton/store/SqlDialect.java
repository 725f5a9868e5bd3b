package dev.baton.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What differs between the databases a {@link dev.baton.store.JournalStore} can live in: the
 * schema's column types (the schema itself is written once, in words a dialect translates), how a
 * JSON parameter is written, and how a duplicate key is reported. Everything else, the statements
 * of appends, reads, leases and commands, is plain SQL shared by all dialects (both supported
 * databases speak {@code INSERT … ON CONFLICT … DO UPDATE} and {@code RETURNING}).
 *
 * <p>Modelled on db-scheduler's {@code JdbcCustomization}: a small interface instead of {@code if
 * (postgres)} branches in the store.
 */
public interface SqlDialect {

  /**
   * A short name, {@code sqlite} or {@code postgresql}; also names the dialect in migrations and
   * logs.
   */
  String name();

  /** The words the store's one schema definition is written in; a dialect says what each is. */
  enum Word {
    /** Text of any length. */
    TEXT,
    /** A 32-bit integer. */
    INT,
    /** A 64-bit integer: instants in microseconds, sequence numbers, counters. */
    BIGINT,
    /** A double-precision number. */
    REAL,
    /** A JSON document. */
    JSON,
    /** An integer primary key the database assigns in increasing order (creation order). */
    KEY,
    /**
     * What follows a table's closing parenthesis when the table is stored in its primary key's
     * order only; empty where the database has no such choice.
     */
    WITHOUT_ROWID
  }

  /** What {@code word} is in this dialect's SQL. */
  String word(Word word);

  /**
   * True when {@code e} (or an exception it chains) reports a violated primary key or unique
   * constraint.
   */
  boolean isUniqueViolation(SQLException e);

  /**
   * True when {@code e} (or an exception it chains) says the database ran out of disk space: no
   * write can succeed until space is freed, so the writer fails the whole commit at once.
   */
  default boolean isDiskFull(SQLException e) {
    return false;
  }

  /**
   * Why {@code e} failed, in one short line without the statement or its parameters: drivers put
   * both in their messages (PostgreSQL's batch errors quote the whole {@code INSERT}), and the
   * parameters are the journal's data, agents' output included.
   */
  default String describe(SQLException e) {
    return "database error (SQLSTATE " + e.getSQLState() + ")";
  }

  /** The SQL for a JSON parameter in an insert: {@code ?} where JSON is stored as text. */
  default String jsonParameter() {
    return "?";
  }

  /**
   * Inside a transaction {@link #begin} started: makes the claim decisions of every process that
   * need any of {@code names} (resources, agent slots) wait for each other until commit, and no
   * others. Nothing to do where {@code begin} already takes the database's write lock (SQLite's
   * {@code BEGIN IMMEDIATE}).
   */
  default void lockClaims(Connection c, java.util.Collection<String> names) throws SQLException {}

  /**
   * What follows a {@code SELECT} in a write transaction to lock the rows it reads until commit:
   * nothing where {@link #begin} already takes the database's write lock (SQLite).
   */
  default String lockRows() {
    return "";
  }

  /**
   * Starts a write transaction of state that only live processes share (the claims of agent slots
   * and resources, docs/conflicts.md), which {@link #commitShared} or {@link #rollbackShared} ends.
   * Such state is never read back after a crash of the machine that holds the database: every
   * process that held a claim died with it, and their claims are void whether they are on disk or
   * not. A dialect may therefore let the commit return before it reaches the disk, where that risks
   * nothing else (the journal's commits stay durable); by default it is an ordinary transaction.
   */
  default void beginShared(Connection c) throws SQLException {
    begin(c);
  }

  /** Commits the transaction {@link #beginShared} started. */
  default void commitShared(Connection c) throws SQLException {
    commit(c);
  }

  /** Rolls back the transaction {@link #beginShared} started. */
  default void rollbackShared(Connection c) throws SQLException {
    rollback(c);
  }

  /**
   * Sets up a connection that is kept for transactions of shared state alone, so that each of them
   * then runs as an ordinary one ({@link #begin}, {@link #commit}) with what {@link #beginShared}
   * would set for it set once. By default nothing: where {@code beginShared} is {@code begin}.
   */
  default void keepShared(Connection c) throws SQLException {}

  /**
   * A query answering one number that changes whenever another connection (of any process) has
   * committed to the database since the same connection last ran it, and stays the same after the
   * connection's own commits; null where the database has none. A writer uses it to know that what
   * it read in its earlier transactions still holds (SQLite's {@code PRAGMA data_version}).
   */
  default String othersCommittedQuery() {
    return null;
  }

  /**
   * Whether the database lets one write transaction in at a time (SQLite): this process's writers
   * then queue for it among themselves rather than in the database's busy handler.
   */
  default boolean oneWriterAtATime() {
    return false;
  }

  /** The write transactions of one connection, begun and ended without preparing anything anew. */
  interface Transactions {
    /** As {@link SqlDialect#begin}. */
    void begin() throws SQLException;

    /** As {@link SqlDialect#commit}. */
    void commit() throws SQLException;

    /** As {@link SqlDialect#rollback}. */
    void rollback() throws SQLException;
  }

  /**
   * The transactions of a connection kept for a long series of them (the journal's writer, the
   * claims' connection): they begin, commit and roll back as {@link #begin}, {@link #commit} and
   * {@link #rollback} do, with the statements that takes prepared once, for as long as the
   * connection is open. By default those three as they are.
   */
  default Transactions transactions(Connection c) throws SQLException {
    return new Transactions() {
      @Override
      public void begin() throws SQLException {
        SqlDialect.this.begin(c);
      }

      @Override
      public void commit() throws SQLException {
        SqlDialect.this.commit(c);
      }

      @Override
      public void rollback() throws SQLException {
        SqlDialect.this.rollback(c);
      }
    };
  }

  /** Starts a write transaction on a connection in auto-commit mode. */
  default void begin(Connection c) throws SQLException {
    c.setAutoCommit(false);
  }

  /**
   * Commits the transaction {@link #begin} started and leaves the connection in auto-commit mode.
   */
  default void commit(Connection c) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  /**
   * Rolls back the transaction {@link #begin} started and leaves the connection in auto-commit
   * mode.
   */
  default void rollback(Connection c) throws SQLException {
    try {
      c.rollback();
    } finally {
      c.setAutoCommit(true);
    }
  }
}
