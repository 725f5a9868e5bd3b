package dev.baton.metrics;

import java.time.Instant;
import java.util.Optional;

/**
 * An alert as {@code baton alerts} lists it (docs/operations.md): raised once when its rule's
 * condition began to hold, resolved when it cleared.
 *
 * @param id unique per raise, e.g. {@code A17} (the seq of its {@code AlertRaised} in the alerts
 *     journal)
 * @param rule {@code failure-rate}, {@code overrun}, {@code repeated-escalation}, {@code
 *     low-quality}, {@code low-satisfaction}, {@code stall} or {@code phase-budget}
 * @param subject what the alert is about: the agent and task type, or the run and step (or phase)
 */
public record Alert(
    String id,
    String rule,
    Subject subject,
    boolean open,
    double value,
    double threshold,
    String message,
    Instant raised,
    Optional<Instant> resolved) {

  /** What an alert is about; agent alerts have no run, attempt and phase alerts have one. */
  public record Subject(
      Optional<String> agent,
      Optional<String> taskType,
      Optional<String> run,
      Optional<String> step) {
    public static Subject agent(String agent, Optional<String> taskType) {
      return new Subject(Optional.of(agent), taskType, Optional.empty(), Optional.empty());
    }

    /** A stable text for matching an open alert with its rule's current condition. */
    public String key() {
      return agent.orElse("")
          + '/'
          + taskType.orElse("")
          + '/'
          + run.orElse("")
          + '/'
          + step.orElse("");
    }
  }

  public Alert resolvedAt(Instant when) {
    return new Alert(
        id, rule, subject, false, value, threshold, message, raised, Optional.of(when));
  }
}
