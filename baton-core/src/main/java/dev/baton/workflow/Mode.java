package dev.baton.workflow;

/** How a phase runs its steps. */
public enum Mode {
  PARALLEL,
  SEQUENTIAL
}
