package dev.baton.metrics;

import java.time.Instant;

/**
 * What one event adds to one bucket: the agent, the task type ({@link #TOTAL} for the agent's
 * totals row) and the minute (since the epoch) the event happened in.
 */
public record MetricDelta(String agent, String taskType, long minute, MetricCounts counts) {
  /**
   * The task type of an agent's totals row as stores keep it (the journal's documented JSON shows
   * it as null).
   */
  public static final String TOTAL = "";

  public MetricDelta {
    if (agent == null || agent.isEmpty()) throw new IllegalArgumentException("agent is required");
    if (taskType == null)
      throw new IllegalArgumentException("taskType is required (TOTAL for totals)");
  }

  public static long minuteOf(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), 60);
  }

  /** The bucket's key: agent and task type. */
  public Key key() {
    return new Key(agent, taskType);
  }

  /** Agent and task type; ordered so that totals come first within an agent. */
  public record Key(String agent, String taskType) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = agent.compareTo(o.agent);
      return c != 0 ? c : taskType.compareTo(o.taskType);
    }
  }
}
