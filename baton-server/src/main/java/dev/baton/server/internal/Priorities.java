package dev.baton.server.internal;

import dev.baton.workflow.Expression;
import dev.baton.workflow.Workflow;
import java.util.Set;

/**
 * The {@code priority} of a start request: it replaces the workflow's own for this run (the run's
 * {@code RunStarted} event records it, so a resumed run keeps it).
 */
final class Priorities {
  private static final Set<String> WORDS = Set.of("critical", "high", "normal", "low");

  private Priorities() {}

  static Workflow with(Workflow wf, String priority) {
    if (!WORDS.contains(priority))
      throw ApiError.badRequest(
          "'priority' must be critical, high, normal or low, was '" + priority + "'");
    return wf.withPriority(Expression.constant(priority));
  }
}
