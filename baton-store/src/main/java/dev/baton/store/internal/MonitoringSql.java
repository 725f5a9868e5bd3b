package dev.baton.store.internal;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.metrics.Alerts;
import dev.baton.metrics.MetricCounts;
import dev.baton.metrics.MetricDelta;
import dev.baton.metrics.MetricsTracker;
import dev.baton.store.JournalRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The monitoring projections of a flush, written in its transaction: per-minute metric buckets
 * (from one {@link MetricsTracker} per run, kept between flushes by the writer thread) and the
 * alerts table (from the {@link Alerts#STREAM alerts journal}).
 *
 * <p>A tracker is only trusted when it has seen the run's journal up to the append's first seq;
 * else (another process appended to the run, the store was reopened, a flush was rolled back, or
 * the run fell out of the cache) it is folded again from the events stored before the append, which
 * gives the same deltas. The cache holds unfinished runs only and is bounded: a finished run's
 * tracker is dropped with the append that ends it, and a run that leaves the cache costs one read
 * of its journal when it comes back (a resumed run, feedback on an old run).
 */
final class MonitoringSql {
  private static final int TRACKED_RUNS = 10_000;
  private static final String UPSERT_BUCKET =
      """
      INSERT INTO metric_buckets (agent, task_type, minute, attempts, succeeded, success_millis, steps, escalated,
        quality_sum, quality_n, collaboration_sum, collaboration_n, satisfaction_sum, satisfaction_n)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (agent, task_type, minute) DO UPDATE SET
        attempts = metric_buckets.attempts + excluded.attempts,
        succeeded = metric_buckets.succeeded + excluded.succeeded,
        success_millis = metric_buckets.success_millis + excluded.success_millis,
        steps = metric_buckets.steps + excluded.steps,
        escalated = metric_buckets.escalated + excluded.escalated,
        quality_sum = metric_buckets.quality_sum + excluded.quality_sum,
        quality_n = metric_buckets.quality_n + excluded.quality_n,
        collaboration_sum = metric_buckets.collaboration_sum + excluded.collaboration_sum,
        collaboration_n = metric_buckets.collaboration_n + excluded.collaboration_n,
        satisfaction_sum = metric_buckets.satisfaction_sum + excluded.satisfaction_sum,
        satisfaction_n = metric_buckets.satisfaction_n + excluded.satisfaction_n
      """;
  private static final String PREFIX =
      """
      SELECT seq, time, data FROM events WHERE run = ? AND seq < ? ORDER BY seq
      """;
  private static final String RAISE_ALERT =
      """
      INSERT INTO alerts (id, seq, rule, agent, task_type, run, step, value, threshold, message, raised)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String RESOLVE_ALERT =
      """
      UPDATE alerts SET resolved = ? WHERE id = ? AND resolved IS NULL
      """;

  private record Bucket(MetricDelta.Key key, long minute) implements Comparable<Bucket> {
    @Override
    public int compareTo(Bucket o) {
      int c = key.compareTo(o.key);
      return c != 0 ? c : Long.compare(minute, o.minute);
    }
  }

  private final Connection c;
  private final PreparedStatement upsertBucket;
  private final PreparedStatement raiseAlert;
  private final PreparedStatement resolveAlert;
  private final Map<String, MetricsTracker> trackers =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MetricsTracker> eldest) {
          return size() > TRACKED_RUNS;
        }
      };
  // sorted, so that two nodes of one PostgreSQL database lock bucket rows in the same order
  private final TreeMap<Bucket, MetricCounts> pending = new TreeMap<>();
  private int raised;
  private int resolved;

  MonitoringSql(Connection c) throws SQLException {
    this.c = c;
    this.upsertBucket = c.prepareStatement(UPSERT_BUCKET);
    this.raiseAlert = c.prepareStatement(RAISE_ALERT);
    this.resolveAlert = c.prepareStatement(RESOLVE_ALERT);
  }

  /** Adds the projections of one append; its events are already inserted in this transaction. */
  void add(List<JournalEntry> entries) throws SQLException {
    if (entries.isEmpty()) return;
    String run = entries.getFirst().run();
    if (Alerts.STREAM.equals(run)) {
      for (JournalEntry e : entries) alert(e);
      return;
    }
    MetricsTracker t = tracker(run, entries.getFirst().seq());
    for (JournalEntry e : entries) {
      for (MetricDelta d : t.apply(e))
        pending.merge(new Bucket(d.key(), d.minute()), d.counts(), MetricCounts::plus);
    }
  }

  void execute() throws SQLException {
    if (!pending.isEmpty()) {
      for (var b : pending.entrySet()) addBucket(b.getKey(), b.getValue());
      pending.clear();
      upsertBucket.executeBatch();
    }
    if (raised > 0) raiseAlert.executeBatch();
    if (resolved > 0) resolveAlert.executeBatch();
    raised = resolved = 0;
  }

  /** The run has finished: its tracker goes (it is folded again should feedback arrive). */
  void forget(String run) {
    trackers.remove(run);
  }

  /**
   * After a rolled-back flush: forget what it added, trackers included (they will be folded again).
   */
  void discard(Collection<String> runs) {
    runs.forEach(trackers::remove);
    pending.clear();
    raised = resolved = 0;
    for (PreparedStatement ps : List.of(upsertBucket, raiseAlert, resolveAlert)) {
      try {
        ps.clearBatch();
      } catch (SQLException ignored) {
        // the connection is being given up anyway when this fails
      }
    }
  }

  private MetricsTracker tracker(String run, long firstSeq) throws SQLException {
    MetricsTracker t = trackers.get(run);
    if (t != null && t.lastSeq() == firstSeq - 1) return t;
    t = new MetricsTracker();
    if (firstSeq > 1) {
      try (PreparedStatement ps = c.prepareStatement(PREFIX)) {
        ps.setString(1, run);
        ps.setLong(2, firstSeq);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            // the deltas of stored events are in the buckets already: only the tracker's memory is
            // wanted
            List<JournalEntry> stored = new ArrayList<>();
            JournalRows.read(run, rs.getLong(1), rs.getLong(2), rs.getString(3), 0, stored);
            for (JournalEntry e : stored) t.apply(e);
          }
        }
      }
    }
    trackers.put(run, t);
    return t;
  }

  private void addBucket(Bucket b, MetricCounts n) throws SQLException {
    upsertBucket.setString(1, b.key().agent());
    upsertBucket.setString(2, b.key().taskType());
    upsertBucket.setLong(3, b.minute());
    long[] v = {
      n.attempts(),
      n.succeeded(),
      n.successMillis(),
      n.steps(),
      n.escalated(),
      n.qualitySum(),
      n.qualityCount(),
      n.collaborationSum(),
      n.collaborationCount(),
      n.satisfactionSum(),
      n.satisfactionCount()
    };
    for (int i = 0; i < v.length; i++) upsertBucket.setLong(4 + i, v[i]);
    upsertBucket.addBatch();
  }

  private void alert(JournalEntry e) throws SQLException {
    switch (e.event()) {
      case Event.AlertRaised r -> {
        raiseAlert.setString(1, r.alert());
        raiseAlert.setLong(2, e.seq());
        raiseAlert.setString(3, r.rule());
        raiseAlert.setString(4, r.agent());
        raiseAlert.setString(5, r.taskType());
        raiseAlert.setString(6, r.run());
        raiseAlert.setString(7, r.step());
        raiseAlert.setDouble(8, r.value());
        raiseAlert.setDouble(9, r.threshold());
        if (r.reason() == null) raiseAlert.setNull(10, Types.VARCHAR);
        else raiseAlert.setString(10, dev.baton.journal.StorableText.of(r.reason()));
        raiseAlert.setLong(11, Columns.micros(e.time()));
        raiseAlert.addBatch();
        raised++;
      }
      case Event.AlertResolved r -> {
        resolveAlert.setLong(1, Columns.micros(e.time()));
        resolveAlert.setString(2, r.alert());
        resolveAlert.addBatch();
        resolved++;
      }
      default -> {}
    }
  }
}
