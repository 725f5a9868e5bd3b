package dev.baton.tuning;

/**
 * Where the engine finds the current tuning of a workflow when a run starts (docs/improvement.md).
 * The improvement module provides one backed by the store's configuration versions; the default
 * tunes nothing.
 */
@FunctionalInterface
public interface TuningSource {
  TuningSource NONE = workflow -> Tuning.NONE;

  /** The values to run {@code workflow} with now. */
  Tuning forWorkflow(String workflow);
}
