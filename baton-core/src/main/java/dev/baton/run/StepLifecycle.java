package dev.baton.run;

import static dev.baton.run.StepStatus.*;

import dev.baton.journal.Event;
import dev.baton.journal.Event.*;
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
          new Transition<>(PENDING, StepQueued.class, QUEUED),
          new Transition<>(QUEUED, StepQueued.class, QUEUED),
          new Transition<>(PENDING, StepStarted.class, RUNNING),
          new Transition<>(QUEUED, StepStarted.class, RUNNING),
          new Transition<>(PENDING, StepSkipped.class, SKIPPED),
          new Transition<>(RUNNING, StepSucceeded.class, SUCCEEDED),
          new Transition<>(RUNNING, StepFailed.class, FAILED),
          new Transition<>(RUNNING, StepTimedOut.class, TIMED_OUT),
          new Transition<>(RUNNING, StepCancelled.class, CANCELLED),
          new Transition<>(QUEUED, StepCancelled.class, CANCELLED),
          new Transition<>(RUNNING, StepPreempted.class, QUEUED),
          new Transition<>(FAILED, StepRetrying.class, PENDING),
          new Transition<>(TIMED_OUT, StepRetrying.class, PENDING),
          new Transition<>(FAILED, StepSkipped.class, SKIPPED),
          new Transition<>(TIMED_OUT, StepSkipped.class, SKIPPED),
          new Transition<>(SUCCEEDED, StepCompensated.class, COMPENSATED),
          new Transition<>(FAILED, StepCompensated.class, FAILED),
          new Transition<>(TIMED_OUT, StepCompensated.class, TIMED_OUT));

  private StepLifecycle() {}

  public static Optional<StepStatus> next(StepStatus from, Class<? extends Event> event) {
    for (Transition<StepStatus> t : TABLE)
      if (t.from() == from && t.event() == event) return Optional.of(t.to());
    return Optional.empty();
  }
}
