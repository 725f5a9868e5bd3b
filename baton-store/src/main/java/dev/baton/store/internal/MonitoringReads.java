package dev.baton.store.internal;

import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.metrics.MetricCounts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Reads of the monitoring projections that {@link MonitoringSql} keeps. */
final class MonitoringReads {
  private static final String METRICS =
      """
      SELECT agent, task_type, SUM(attempts), SUM(succeeded), SUM(success_millis), SUM(steps), SUM(escalated),
        SUM(quality_sum), SUM(quality_n), SUM(collaboration_sum), SUM(collaboration_n),
        SUM(satisfaction_sum), SUM(satisfaction_n)
      FROM metric_buckets WHERE minute >= ?
      GROUP BY agent, task_type ORDER BY agent, task_type
      """;
  private static final String ALERTS =
      """
      SELECT id, rule, agent, task_type, run, step, value, threshold, message, raised, resolved
      FROM alerts ORDER BY seq
      """;

  private final Jdbc jdbc;

  MonitoringReads(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  List<AgentMetrics> metrics(long sinceMinute) {
    return jdbc.query(METRICS, ps -> ps.setLong(1, sinceMinute), MonitoringReads::metrics);
  }

  List<Alert> alerts() {
    return jdbc.query(ALERTS, ps -> {}, MonitoringReads::alert);
  }

  private static AgentMetrics metrics(ResultSet rs) throws SQLException {
    long[] v = new long[11];
    for (int i = 0; i < v.length; i++) v[i] = rs.getLong(3 + i);
    MetricCounts counts =
        new MetricCounts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]);
    String taskType = rs.getString(2);
    return new AgentMetrics(
        rs.getString(1), taskType.isEmpty() ? Optional.empty() : Optional.of(taskType), counts);
  }

  private static Alert alert(ResultSet rs) throws SQLException {
    Alert.Subject subject =
        new Alert.Subject(
            text(rs, "agent"), text(rs, "task_type"), text(rs, "run"), text(rs, "step"));
    Optional<java.time.Instant> resolved = Columns.instant(rs, "resolved");
    return new Alert(
        rs.getString("id"),
        rs.getString("rule"),
        subject,
        resolved.isEmpty(),
        rs.getDouble("value"),
        rs.getDouble("threshold"),
        Columns.orEmpty(rs.getString("message")),
        Columns.instant(rs.getLong("raised")),
        resolved);
  }

  private static Optional<String> text(ResultSet rs, String column) throws SQLException {
    String s = rs.getString(column);
    return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
