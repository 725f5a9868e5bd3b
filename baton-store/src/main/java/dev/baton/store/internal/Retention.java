package dev.baton.store.internal;

import dev.baton.run.RunStatus;
import dev.baton.store.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Deletes finished runs that ended before a cut-off: their journal, commands, human tasks, claims
 * and the run's row. Metric buckets and alerts are kept (they are aggregates, small and bounded by
 * time). Runs are deleted a chunk at a time, each chunk one short write transaction, so pruning a
 * year of runs never holds the database's write lock for long.
 */
final class Retention {
  private static final int CHUNK = 200;
  private static final String FINISHED =
      Arrays.stream(RunStatus.values())
          .filter(RunStatus::finished)
          .map(s -> "'" + s.name() + "'")
          .collect(Collectors.joining(", "));
  private static final String CANDIDATES =
      """
      SELECT run FROM runs
      WHERE state IN (%s) AND ended IS NOT NULL AND ended < ? AND lease_owner IS NULL
      ORDER BY id LIMIT %d
      """
          .formatted(FINISHED, CHUNK);
  private static final List<String> DELETES =
      List.of(
          "DELETE FROM events WHERE run IN (%s)",
          "DELETE FROM commands WHERE run IN (%s)",
          "DELETE FROM human_tasks WHERE run IN (%s)",
          "DELETE FROM claim_needs WHERE holder IN (SELECT holder FROM claims WHERE run IN (%s))",
          "DELETE FROM claims WHERE run IN (%s)",
          "DELETE FROM runs WHERE state IN (" + FINISHED + ") AND run IN (%s)");

  private final DataSource pool;
  private final SqlDialect dialect;

  Retention(DataSource pool, SqlDialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /**
   * The ids of finished runs that ended before {@code cutoff}, oldest first, at most {@code max}.
   */
  List<String> candidates(Instant cutoff, int max) {
    List<String> out = new ArrayList<>();
    try (Connection c = pool.getConnection();
        PreparedStatement ps =
            c.prepareStatement(CANDIDATES.replace("LIMIT " + CHUNK, "LIMIT " + max))) {
      ps.setLong(1, Columns.micros(cutoff));
      try (var rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
      return out;
    } catch (SQLException e) {
      throw Jdbc.failure(e);
    }
  }

  /** Deletes every finished run that ended before {@code cutoff}; returns how many. */
  int prune(Instant cutoff) {
    int total = 0;
    while (true) {
      List<String> runs = candidates(cutoff, CHUNK);
      if (runs.isEmpty()) return total;
      delete(runs);
      total += runs.size();
      if (runs.size() < CHUNK) return total;
    }
  }

  private void delete(List<String> runs) {
    String marks = String.join(", ", Collections.nCopies(runs.size(), "?"));
    try (Connection c = pool.getConnection()) {
      dialect.begin(c);
      try {
        for (String delete : DELETES) {
          try (PreparedStatement ps = c.prepareStatement(delete.formatted(marks))) {
            for (int i = 0; i < runs.size(); i++) ps.setString(i + 1, runs.get(i));
            ps.executeUpdate();
          }
        }
        dialect.commit(c);
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.failure(e);
    }
  }
}
