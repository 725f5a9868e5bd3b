package dev.baton.run;

/**
 * A step's lifecycle (docs/architecture.md#how-a-run-moves); see {@link StepLifecycle} for the
 * allowed transitions.
 */
public enum StepStatus {
  PENDING,
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  SKIPPED,
  CANCELLED,
  COMPENSATED;

  /** Succeeded or skipped: the gate lets the phase pass. */
  public boolean passed() {
    return this == SUCCEEDED || this == SKIPPED;
  }

  public boolean active() {
    return this == RUNNING;
  }

  public boolean finished() {
    return this != PENDING && this != QUEUED && this != RUNNING;
  }
}
