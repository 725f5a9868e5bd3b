package dev.baton.run;

import java.time.Instant;
import java.util.Map;

/**
 * The state of one concrete step of a run (after fan-out and {@code foreach}). Mutated only by
 * {@link RunState#apply}.
 */
public final class StepState {
  final String id;
  final String template;
  final String phase;
  int order;
  String plannedAgent;
  Object item;
  StepStatus status = StepStatus.PENDING;
  String agent;
  int attempt;
  int roundStart;
  Instant startedAt;
  Instant notBefore;
  Object output;
  String error;
  long durationMillis;
  String task;
  Map<String, Object> handoff;
  Map<String, Object> notes;
  Map<String, Object> lastStatus;
  Integer progress;
  boolean compensated;
  Instant finishedAt;

  StepState(String id, String template, String phase, int order, String plannedAgent, Object item) {
    this.id = id;
    this.template = template;
    this.phase = phase;
    this.order = order;
    this.plannedAgent = plannedAgent;
    this.item = item;
  }

  public String id() {
    return id;
  }

  public String template() {
    return template;
  }

  public String phase() {
    return phase;
  }

  /** Position within its phase's plan. */
  public int order() {
    return order;
  }

  /** The agent named when the phase was planned (may be {@code primary}, resolved at start). */
  public String plannedAgent() {
    return plannedAgent;
  }

  public Object item() {
    return item;
  }

  public StepStatus status() {
    return status;
  }

  /** Who performs (or performed) the current attempt; null before the first start. */
  public String agent() {
    return agent;
  }

  /** The current attempt number (1, 2, …); 0 before the first start. */
  public int attempt() {
    return attempt;
  }

  /** Attempts made in the current round of the phase (re-planning starts a new round). */
  public int attemptsThisRound() {
    return attempt - roundStart;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** When a retry may start (after its backoff); null when it may start at once. */
  public Instant notBefore() {
    return notBefore;
  }

  public Object output() {
    return output;
  }

  public String error() {
    return error;
  }

  public long durationMillis() {
    return durationMillis;
  }

  public String task() {
    return task;
  }

  /**
   * The handoff the running attempt received (a restarted attempt gets the very same one); null
   * once the step has ended.
   */
  public Map<String, Object> handoff() {
    return handoff;
  }

  /** Notes the agent left for the next one ({@code @baton handoff}). */
  public Map<String, Object> notes() {
    return notes;
  }

  public Map<String, Object> lastStatus() {
    return lastStatus;
  }

  public Integer progress() {
    return progress;
  }

  public boolean compensated() {
    return compensated;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  void orderFix(int o) {
    this.order = o;
  }
}
