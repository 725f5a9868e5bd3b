package dev.baton.metrics;

import dev.baton.journal.JournalEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-minute metric buckets in memory, fed append by append with one {@link MetricsTracker} per
 * run: the projection of {@link dev.baton.store.memory.InMemoryJournalStore}, and the reference the
 * durable stores' bucket tables are checked against. Not thread-safe: its owner locks.
 */
public final class MetricBuckets {
  private final Map<String, MetricsTracker> trackers = new HashMap<>();
  private final Map<MetricDelta.Key, TreeMap<Long, MetricCounts>> buckets = new HashMap<>();

  /** Folds entries of one run that directly follow what was applied before. */
  public void apply(String run, List<JournalEntry> entries) {
    MetricsTracker t = trackers.computeIfAbsent(run, r -> new MetricsTracker());
    for (JournalEntry e : entries) add(t.apply(e));
  }

  public void add(List<MetricDelta> deltas) {
    for (MetricDelta d : deltas) {
      buckets
          .computeIfAbsent(d.key(), k -> new TreeMap<>())
          .merge(d.minute(), d.counts(), MetricCounts::plus);
    }
  }

  /**
   * Sums of the buckets of minutes at or after {@code sinceMinute}, per agent and task type, in key
   * order.
   */
  public List<AgentMetrics> since(long sinceMinute) {
    TreeMap<MetricDelta.Key, MetricCounts> sums = new TreeMap<>();
    buckets.forEach((key, byMinute) -> {
      MetricCounts sum = MetricCounts.ZERO;
      for (MetricCounts c : byMinute.tailMap(sinceMinute, true).values()) sum = sum.plus(c);
      if (!sum.isZero()) sums.put(key, sum);
    });
    List<AgentMetrics> out = new ArrayList<>();
    sums.forEach((k, c) -> out.add(AgentMetrics.of(k, c)));
    return out;
  }
}
