package dev.baton.run;

import static dev.baton.run.RunStatus.*;

import dev.baton.journal.Event;
import dev.baton.journal.Event.*;
import java.util.List;
import java.util.Optional;

/**
 * The run's state machine as a table (from, event, to). Events not listed for a state leave it
 * unchanged; {@link #next} tells whether an event is a transition at all. The docs' diagram is
 * generated from this table ({@code LifecycleTest} checks that every row is exercised).
 */
public final class RunLifecycle {
  public static final List<Transition<RunStatus>> TABLE =
      List.of(
          new Transition<>(PENDING, RunStarted.class, RUNNING),
          new Transition<>(RUNNING, RunWaiting.class, WAITING),
          new Transition<>(WAITING, RunResumed.class, RUNNING),
          new Transition<>(RUNNING, RunSucceeded.class, SUCCEEDED),
          new Transition<>(RUNNING, RunFailed.class, FAILED),
          new Transition<>(RUNNING, RunRolledBack.class, ROLLED_BACK),
          new Transition<>(WAITING, RunRolledBack.class, ROLLED_BACK),
          new Transition<>(RUNNING, RunCancelled.class, CANCELLED),
          new Transition<>(WAITING, RunCancelled.class, CANCELLED));

  private RunLifecycle() {}

  /** The state after {@code event} in {@code from}, or empty when the table has no such row. */
  public static Optional<RunStatus> next(RunStatus from, Class<? extends Event> event) {
    for (Transition<RunStatus> t : TABLE)
      if (t.from() == from && t.event() == event) return Optional.of(t.to());
    return Optional.empty();
  }

  /** Whether an event type moves runs at all (those that do must match a row). */
  public static boolean governs(Class<? extends Event> event) {
    for (Transition<RunStatus> t : TABLE) if (t.event() == event) return true;
    return false;
  }
}
