package dev.baton.bench;

import java.util.Locale;

/**
 * One line of the results table. Figures that do not apply to a target are {@code NaN} (printed as
 * a dash): a floor has no journal statistics, W3 and recovery have no closed-loop throughput.
 */
record Row(
    String scenario,
    String target,
    int concurrency,
    int workflows,
    double wfPerSecond,
    double stepsPerSecond,
    double p50Millis,
    double p99Millis,
    double handoffP50Millis,
    double handoffP99Millis,
    double eventsPerCommit,
    double commitsPerSecond,
    String note) {

  static Row of(
      String scenario,
      String target,
      int concurrency,
      Shape shape,
      Load.Measured m,
      Samples handoffs,
      Journal journal) {
    double wf = m.perSecond();
    double seconds = m.nanos() / 1e9;
    return new Row(
        scenario,
        target,
        concurrency,
        m.workflows(),
        wf,
        wf * shape.steps(),
        m.latencies().percentileMillis(50),
        m.latencies().percentileMillis(99),
        handoffs.percentileMillis(50),
        handoffs.percentileMillis(99),
        journal.commits() == 0 ? Double.NaN : (double) journal.events() / journal.commits(),
        journal.commits() == 0 ? Double.NaN : journal.commits() / seconds,
        "");
  }

  /**
   * The share of a measured loop's time ({@code nanos}) that a journal's one writer spent writing
   * and committing ({@code busy}), and its mean per commit: near 100 %, the writer is what limits
   * throughput; the mean is what one commit costs, statements and fsync.
   */
  static String writerNote(
      String scenario, String target, int concurrency, long busy, long commits, long nanos) {
    return String.format(
        Locale.ROOT,
        "%s c=%d, %s: the journal's writer was writing or committing %.0f %% of the measured time,"
            + " %.0f µs a commit",
        scenario,
        concurrency,
        target,
        100.0 * busy / Math.max(1, nanos),
        busy / 1e3 / Math.max(1, commits));
  }

  Row note(String text) {
    return new Row(
        scenario,
        target,
        concurrency,
        workflows,
        wfPerSecond,
        stepsPerSecond,
        p50Millis,
        p99Millis,
        handoffP50Millis,
        handoffP99Millis,
        eventsPerCommit,
        commitsPerSecond,
        text);
  }

  /** Journal activity during a measurement: commits and the events they carried. */
  record Journal(long commits, long events) {
    static final Journal NONE = new Journal(0, 0);
  }
}
