package dev.baton.store.internal;

import dev.baton.BatonException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Runs one statement on a pooled connection in auto-commit mode and maps its rows. */
final class Jdbc {
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  interface RowConsumer {
    void accept(ResultSet rs) throws SQLException;
  }

  private final DataSource pool;

  Jdbc(DataSource pool) {
    this.pool = pool;
  }

  <T> List<T> query(String sql, Binder binder, Row<T> row) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) out.add(row.map(rs));
        return out;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Runs the query and hands each row to {@code row}, for rows that map to several values. */
  void each(String sql, Binder binder, RowConsumer row) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) row.accept(rs);
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  int update(String sql, Binder binder) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Runs {@code sql} once per binder, as one batch in one write transaction; returns the update
   * counts.
   */
  int[] updateAll(dev.baton.store.SqlDialect dialect, String sql, List<Binder> rows) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      dialect.begin(c);
      try {
        for (Binder b : rows) {
          b.bind(ps);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        dialect.commit(c);
        return counts;
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  static BatonException failure(SQLException e) {
    return new BatonException("journal store: " + e.getMessage(), e);
  }
}
