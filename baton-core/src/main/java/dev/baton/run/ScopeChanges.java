package dev.baton.run;

import dev.baton.workflow.Priority;

/**
 * Changing the scope of a running {@code critical} or {@code high} run — cancelling it, removing
 * steps — needs a person's approval (docs/conflicts.md). The cancel path asks {@link
 * #needsApproval} first and, when it says so, opens an approval task instead of cancelling at once.
 */
public final class ScopeChanges {
  private ScopeChanges() {}

  /** True when the run is active and its priority is {@code critical} or {@code high}. */
  public static boolean needsApproval(String priority, RunStatus status) {
    if (status.finished()) return false;
    Priority p = Priority.of(priority).orElse(Priority.NORMAL);
    return p == Priority.CRITICAL || p == Priority.HIGH;
  }

  /** The question of the approval task. */
  public static String question(String run, String priority, String change) {
    return "Run " + run + " is " + priority + ": approve this change of its scope? " + change;
  }
}
