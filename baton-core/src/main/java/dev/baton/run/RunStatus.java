package dev.baton.run;

/**
 * A run's lifecycle (docs/architecture.md#how-a-run-moves): {@code PENDING → RUNNING ⇄ WAITING →
 * SUCCEEDED | FAILED | ROLLED_BACK | CANCELLED}.
 */
public enum RunStatus {
  PENDING,
  RUNNING,
  WAITING,
  SUCCEEDED,
  FAILED,
  ROLLED_BACK,
  CANCELLED;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == ROLLED_BACK || this == CANCELLED;
  }
}
