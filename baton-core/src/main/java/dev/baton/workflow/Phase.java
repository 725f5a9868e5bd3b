package dev.baton.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A phase: steps run in parallel or in sequence, behind an all-succeed gate.
 *
 * @param foreach when present, {@code steps} holds the single step template
 * @param alertAt an attempt past {@code alertAt × estimate} raises an alert (default 1.5)
 * @param spend what the phase's steps may spend on chat models ({@code budget: {tokens, usd}})
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
    double alertAt,
    SpendBudget spend) {
  public Phase {
    steps = List.copyOf(steps);
    spend = spend == null ? SpendBudget.NONE : spend;
  }

  /** A phase for a {@link WorkflowBuilder} whose steps run one after the other. */
  public static PhaseBuilder sequential(String name) {
    return new PhaseBuilder(name, Mode.SEQUENTIAL);
  }

  /** A phase for a {@link WorkflowBuilder} whose steps run at the same time. */
  public static PhaseBuilder parallel(String name) {
    return new PhaseBuilder(name, Mode.PARALLEL);
  }

  /** A phase without a spending budget. */
  public Phase(
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
    this(
        name,
        mode,
        steps,
        budget,
        onFailure,
        maxReplans,
        requireRollback,
        foreach,
        orderBy,
        orderDescending,
        alertAt,
        SpendBudget.NONE);
  }
}
