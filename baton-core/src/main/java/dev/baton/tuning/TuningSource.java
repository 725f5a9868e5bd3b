package dev.baton.tuning;

import java.util.List;
import java.util.Map;

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

  /**
   * Keywords people approved for agents' profiles (agent name to words), which the meta agent's
   * triage adds to the agents file's (docs/improvement.md); none by default.
   */
  default Map<String, List<String>> profileKeywords() {
    return Map.of();
  }
}
