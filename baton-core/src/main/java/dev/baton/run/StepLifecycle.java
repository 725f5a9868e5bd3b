package dev.baton.run;

import static dev.baton.run.StepStatus.*;

import java.util.List;
import java.util.Optional;

/**
 * The step's state machine as a table (from, event, to). A failed attempt that will be retried goes
 * back to PENDING through {@code StepRetrying}; a preempted one back to QUEUED; a re-planned phase
 * resets its unfinished and compensated steps through {@code Replanned} (see {@link RunState}).
 */
public final class StepLifecycle {
  public static final List<Transition<StepStatus>> TABLE =
      List.of(
          new Transition<>(PENDING, "StepQueued", QUEUED),
          new Transition<>(QUEUED, "StepQueued", QUEUED),
          new Transition<>(PENDING, "StepStarted", RUNNING),
          new Transition<>(QUEUED, "StepStarted", RUNNING),
          new Transition<>(PENDING, "StepSkipped", SKIPPED),
          new Transition<>(RUNNING, "StepSucceeded", SUCCEEDED),
          new Transition<>(RUNNING, "StepFailed", FAILED),
          new Transition<>(RUNNING, "StepTimedOut", TIMED_OUT),
          new Transition<>(RUNNING, "StepCancelled", CANCELLED),
          new Transition<>(QUEUED, "StepCancelled", CANCELLED),
          new Transition<>(RUNNING, "StepPreempted", QUEUED),
          new Transition<>(FAILED, "StepRetrying", PENDING),
          new Transition<>(TIMED_OUT, "StepRetrying", PENDING),
          new Transition<>(FAILED, "StepSkipped", SKIPPED),
          new Transition<>(TIMED_OUT, "StepSkipped", SKIPPED),
          new Transition<>(SUCCEEDED, "StepCompensated", COMPENSATED),
          new Transition<>(FAILED, "StepCompensated", FAILED),
          new Transition<>(TIMED_OUT, "StepCompensated", TIMED_OUT));

  private StepLifecycle() {}

  public static Optional<StepStatus> next(StepStatus from, String event) {
    for (Transition<StepStatus> t : TABLE)
      if (t.from() == from && t.event().equals(event)) return Optional.of(t.to());
    return Optional.empty();
  }
}
