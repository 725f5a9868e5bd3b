package dev.baton.monitoring;

import java.util.Arrays;
import java.util.Optional;

/**
 * The alert rules of docs/monitoring.md with their defaults. Thresholds are in the unit of the
 * figure they compare: percent for {@code failure-rate} and {@code overrun} (of the estimate), a
 * count for {@code repeated-escalation}, a 1-10 score for {@code low-quality} and {@code
 * low-satisfaction}.
 */
public enum AlertRule {
  /**
   * An agent × task type whose finished attempts failed more than {@code threshold} percent (at
   * least {@code minSamples} attempts).
   */
  FAILURE_RATE("failure-rate", 20, 5),
  /**
   * An attempt that ran past {@code threshold} percent of its estimate ({@code EstimateExceeded});
   * resolved when the attempt ends.
   */
  OVERRUN("overrun", 150, 1),
  /**
   * An agent × task type whose steps led to {@code threshold} or more escalations, gaps or re-plans
   * in the window.
   */
  REPEATED_ESCALATION("repeated-escalation", 2, 1),
  /**
   * An agent × task type whose mean quality score is below {@code threshold} (at least {@code
   * minSamples} scores).
   */
  LOW_QUALITY("low-quality", 7, 1),
  /**
   * An agent whose mean user satisfaction is below {@code threshold} (at least {@code minSamples}
   * ratings).
   */
  LOW_SATISFACTION("low-satisfaction", 8, 3),
  /** Reserved for running attempts that stopped reporting; not evaluated yet. */
  STALL("stall", 0, 1),
  /** A phase past its budget ({@code PhaseBudgetExceeded}); resolved when the phase ends. */
  PHASE_BUDGET("phase-budget", 100, 1);

  private final String id;
  private final double threshold;
  private final int minSamples;

  AlertRule(String id, double threshold, int minSamples) {
    this.id = id;
    this.threshold = threshold;
    this.minSamples = minSamples;
  }

  /** The name in {@code baton.yaml}, in the journal and in {@code baton alerts}. */
  public String id() {
    return id;
  }

  public double defaultThreshold() {
    return threshold;
  }

  public int defaultMinSamples() {
    return minSamples;
  }

  public static Optional<AlertRule> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }
}
