package dev.baton.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A phase: steps run in parallel or in sequence, behind an all-succeed gate.
 *
 * @param foreach when present, {@code steps} holds the single step template
 * @param alertAt an attempt past {@code alertAt × estimate} raises an alert (default 1.5)
 */
public record Phase(
    String name,
    Mode mode,
    List<StepSpec> steps,
    Optional<Duration> budget,
    OnFailure onFailure,
    int maxReplans,
    boolean requireRollback,
    Optional<Expression> foreach,
    Optional<Expression> orderBy,
    boolean orderDescending,
    double alertAt) {
  public Phase {
    steps = List.copyOf(steps);
  }
}
