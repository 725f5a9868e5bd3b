package dev.baton.run;

import static dev.baton.run.RunStatus.*;

import java.util.List;
import java.util.Optional;

/**
 * The run's state machine as a table (from, event, to). Events not listed for a state leave it
 * unchanged; {@link #next} tells whether an event is a transition at all. The docs' diagram is
 * generated from this table ({@code RunLifecycleTest} checks every row is exercised).
 */
public final class RunLifecycle {
  public static final List<Transition<RunStatus>> TABLE =
      List.of(
          new Transition<>(PENDING, "RunStarted", RUNNING),
          new Transition<>(RUNNING, "RunWaiting", WAITING),
          new Transition<>(WAITING, "RunResumed", RUNNING),
          new Transition<>(RUNNING, "RunSucceeded", SUCCEEDED),
          new Transition<>(RUNNING, "RunFailed", FAILED),
          new Transition<>(RUNNING, "RunRolledBack", ROLLED_BACK),
          new Transition<>(WAITING, "RunRolledBack", ROLLED_BACK),
          new Transition<>(RUNNING, "RunCancelled", CANCELLED),
          new Transition<>(WAITING, "RunCancelled", CANCELLED));

  private RunLifecycle() {}

  /** The state after {@code event} in {@code from}, or empty when the table has no such row. */
  public static Optional<RunStatus> next(RunStatus from, String event) {
    for (Transition<RunStatus> t : TABLE)
      if (t.from() == from && t.event().equals(event)) return Optional.of(t.to());
    return Optional.empty();
  }

  /** Whether an event type moves runs at all (those that do must match a row). */
  public static boolean governs(String event) {
    for (Transition<RunStatus> t : TABLE) if (t.event().equals(event)) return true;
    return false;
  }
}
