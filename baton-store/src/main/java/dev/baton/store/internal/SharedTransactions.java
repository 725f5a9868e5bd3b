package dev.baton.store.internal;

import dev.baton.store.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Runs the arbiter's transactions of shared state ({@link SqlDialect#beginShared}): claims and
 * their releases.
 *
 * <p>Where the database lets one writer in at a time (SQLite), this process's writers queue at the
 * {@link WriteGate} anyway, so one connection is kept for these transactions alone. It is set up
 * for shared state once ({@link SqlDialect#keepShared}) rather than around every transaction, and
 * its statements are prepared once and kept: a command agent's step boundary is one such
 * transaction, and preparing its statements anew on a pooled connection cost more than running
 * them. A kept connection whose transaction failed is closed after the rollback; the next
 * transaction opens another.
 *
 * <p>Elsewhere (PostgreSQL), decisions on different names run at once, so each transaction takes a
 * connection from the pool.
 */
final class SharedTransactions implements AutoCloseable {
  /** What one transaction does; if it throws, the transaction rolls back. */
  @FunctionalInterface
  interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /** The statements the kept connection keeps at most; a transaction closes any beyond them. */
  private static final int KEPT_MAX = 64;

  /** One transaction's connection, and the statements it prepares. */
  static final class Tx {
    private final Connection connection;
    private final Map<String, PreparedStatement> kept;
    private final int keptMax;
    private final List<PreparedStatement> opened = new ArrayList<>(0);

    /**
     * @param kept the statements prepared before, by their SQL, where this transaction's go too
     *     while there are fewer than {@code keptMax}
     */
    private Tx(Connection connection, Map<String, PreparedStatement> kept, int keptMax) {
      this.connection = connection;
      this.kept = kept;
      this.keptMax = keptMax;
    }

    Connection connection() {
      return connection;
    }

    /**
     * A statement of {@code sql}, which the caller does not close: the connection keeps it for the
     * next transaction, or the transaction closes it when it ends.
     */
    PreparedStatement prepare(String sql) throws SQLException {
      PreparedStatement ps = kept.get(sql);
      if (ps != null) return ps;
      ps = connection.prepareStatement(sql);
      if (kept.size() < keptMax) kept.put(sql, ps);
      else opened.add(ps);
      return ps;
    }

    /**
     * Closes the statements the connection does not keep. A statement that fails to close changes
     * nothing of the transaction, which is over: its connection closes it at the latest.
     */
    private void closeOpened() {
      closeQuietly(opened);
      opened.clear();
    }
  }

  private static void closeQuietly(java.util.Collection<PreparedStatement> statements) {
    for (PreparedStatement ps : statements) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // see Tx.closeOpened
      }
    }
  }

  private final DataSource pool;
  private final SqlDialect dialect;
  private final WriteGate gate;
  private final ConnectionFactory keep;

  // guarded by the gate
  private Connection kept;
  private SqlDialect.Transactions keptTransactions; // the kept connection's, prepared once
  private final Map<String, PreparedStatement> statements = new HashMap<>(); // of the kept one
  private boolean closed;

  /**
   * @param pool the connections of each transaction where none is kept
   * @param keep opens the connection kept for these transactions where the database lets one writer
   *     in at a time
   */
  SharedTransactions(DataSource pool, SqlDialect dialect, WriteGate gate, ConnectionFactory keep) {
    this.pool = pool;
    this.dialect = dialect;
    this.gate = gate;
    this.keep = dialect.oneWriterAtATime() ? keep : null;
  }

  /** Runs {@code work} in one transaction of shared state, after this process's writer before. */
  <T> T run(Work<T> work) {
    gate.enter();
    try {
      return keep == null ? pooled(work) : onKept(work);
    } catch (SQLException e) {
      throw Jdbc.failure(e);
    } finally {
      gate.exit();
    }
  }

  /** Each SQL is prepared once in the transaction, and every statement closed at its end. */
  private <T> T pooled(Work<T> work) throws SQLException {
    try (Connection c = pool.getConnection()) {
      Map<String, PreparedStatement> prepared = new HashMap<>();
      Tx tx = new Tx(c, prepared, Integer.MAX_VALUE);
      try {
        dialect.beginShared(c);
        T out = work.run(tx);
        dialect.commitShared(c);
        return out;
      } catch (Throwable e) {
        try {
          dialect.rollbackShared(c);
        } catch (Throwable r) {
          e.addSuppressed(r);
        }
        throw e;
      } finally {
        closeQuietly(prepared.values());
      }
    }
  }

  /**
   * Whatever fails, an error included, rolls back and closes the kept connection, so that it is
   * never left holding the write lock in a transaction nobody ends; the next transaction opens a
   * new one.
   */
  private <T> T onKept(Work<T> work) throws SQLException {
    Connection c = kept();
    SqlDialect.Transactions transactions = keptTransactions;
    Tx tx = new Tx(c, statements, KEPT_MAX);
    try {
      transactions.begin();
      T out = work.run(tx);
      transactions.commit();
      tx.closeOpened();
      return out;
    } catch (Throwable e) {
      try {
        transactions.rollback();
      } catch (Throwable r) {
        e.addSuppressed(r);
      } finally {
        discard();
      }
      throw e;
    }
  }

  private Connection kept() throws SQLException {
    if (closed) throw new SQLException("the store is closed");
    if (kept != null) return kept;
    Connection c = keep.open();
    try {
      dialect.keepShared(c);
      keptTransactions = dialect.transactions(c);
    } catch (Throwable e) {
      try {
        c.close();
      } catch (Throwable r) {
        e.addSuppressed(r);
      }
      throw e;
    }
    kept = c;
    return c;
  }

  /** Closes the kept connection and its statements (closing a connection closes its statements). */
  private void discard() {
    statements.clear();
    Connection c = kept;
    kept = null;
    keptTransactions = null;
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException e) {
      // nothing is left to do with a connection that failed; the next transaction opens another
    }
  }

  /** Closes the kept connection; a transaction after this fails. */
  @Override
  public void close() {
    gate.enter();
    try {
      closed = true;
      discard();
    } finally {
      gate.exit();
    }
  }
}
