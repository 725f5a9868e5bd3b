package dev.baton.metrics;

import dev.baton.journal.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Full recomputation of metrics from journals, and the window arithmetic shared by every store. */
public final class Metrics {
  /** The documented default window. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

  private Metrics() {}

  /** The first minute inside a window that ends at {@code now}: buckets at or after it count. */
  public static long firstMinute(Instant now, Duration window) {
    return MetricDelta.minuteOf(now.minus(window));
  }

  /**
   * Folds whole journals (each one run's entries, in order) and sums the minutes at or after {@code
   * sinceMinute}.
   */
  public static List<AgentMetrics> recompute(
      Collection<List<JournalEntry>> journals, long sinceMinute) {
    MetricBuckets buckets = new MetricBuckets();
    for (List<JournalEntry> journal : journals) {
      if (!journal.isEmpty()) buckets.apply(journal.getFirst().run(), journal);
    }
    return buckets.since(sinceMinute);
  }
}
