package dev.baton.metrics;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The docs/monitoring.md figures of one agent (totals, {@link #taskType} empty) or one agent × task
 * type over a window, derived from summed {@link MetricCounts}. A figure is empty when there is no
 * data for it yet.
 */
public record AgentMetrics(String agent, Optional<String> taskType, MetricCounts counts) {

  static AgentMetrics of(MetricDelta.Key key, MetricCounts counts) {
    return new AgentMetrics(
        key.agent(),
        MetricDelta.TOTAL.equals(key.taskType()) ? Optional.empty() : Optional.of(key.taskType()),
        counts);
  }

  /** Finished attempts. */
  public long tasks() {
    return counts.attempts();
  }

  /** Percent of finished attempts that succeeded. */
  public OptionalDouble taskSuccess() {
    return ratio(100.0 * counts.succeeded(), counts.attempts());
  }

  /** Percent of finished attempts that failed or timed out. */
  public OptionalDouble failureRate() {
    return ratio(100.0 * (counts.attempts() - counts.succeeded()), counts.attempts());
  }

  /** Mean duration of succeeded attempts, in minutes. */
  public OptionalDouble avgCompletionTime() {
    return ratio(counts.successMillis() / 60_000.0, counts.succeeded());
  }

  /**
   * Percent of the agent's steps that led to an escalation, gap or re-plan (at most 100: a step
   * taken on before the window may escalate inside it).
   */
  public OptionalDouble escalationRate() {
    if (counts.steps() == 0)
      return counts.escalated() == 0 ? OptionalDouble.empty() : OptionalDouble.of(100);
    return OptionalDouble.of(Math.min(100.0, 100.0 * counts.escalated() / counts.steps()));
  }

  public OptionalDouble qualityScore() {
    return ratio((double) counts.qualitySum(), counts.qualityCount());
  }

  public OptionalDouble collaborationScore() {
    return ratio((double) counts.collaborationSum(), counts.collaborationCount());
  }

  public OptionalDouble userSatisfaction() {
    return ratio((double) counts.satisfactionSum(), counts.satisfactionCount());
  }

  private static OptionalDouble ratio(double sum, long n) {
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n);
  }
}
