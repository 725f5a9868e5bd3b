package dev.baton.metrics;

/**
 * Sums from which the docs/monitoring.md figures are derived; adding two counts is exact, so
 * buckets can be summed in any order.
 *
 * @param attempts finished attempts (succeeded, failed or timed out)
 * @param succeeded succeeded attempts
 * @param successMillis total duration of the succeeded attempts
 * @param steps steps the agent took on (once per run, step and agent)
 * @param escalated those steps that led to an escalation, a knowledge gap or a re-plan (once each)
 */
public record MetricCounts(
    long attempts,
    long succeeded,
    long successMillis,
    long steps,
    long escalated,
    long qualitySum,
    long qualityCount,
    long collaborationSum,
    long collaborationCount,
    long satisfactionSum,
    long satisfactionCount) {

  public static final MetricCounts ZERO = new MetricCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public MetricCounts plus(MetricCounts o) {
    return new MetricCounts(
        attempts + o.attempts,
        succeeded + o.succeeded,
        successMillis + o.successMillis,
        steps + o.steps,
        escalated + o.escalated,
        qualitySum + o.qualitySum,
        qualityCount + o.qualityCount,
        collaborationSum + o.collaborationSum,
        collaborationCount + o.collaborationCount,
        satisfactionSum + o.satisfactionSum,
        satisfactionCount + o.satisfactionCount);
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  static MetricCounts attempt(boolean success, long millis) {
    return new MetricCounts(1, success ? 1 : 0, success ? millis : 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  static MetricCounts step() {
    return new MetricCounts(0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
  }

  static MetricCounts escalation() {
    return new MetricCounts(0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
  }

  static MetricCounts ratings(Integer quality, Integer collaboration, Integer satisfaction) {
    return new MetricCounts(
        0,
        0,
        0,
        0,
        0,
        or0(quality),
        quality == null ? 0 : 1,
        or0(collaboration),
        collaboration == null ? 0 : 1,
        or0(satisfaction),
        satisfaction == null ? 0 : 1);
  }

  private static long or0(Integer i) {
    return i == null ? 0 : i;
  }
}
