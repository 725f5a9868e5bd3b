package dev.baton.meta;

import java.util.List;

/**
 * What the meta agent decides after a phase failed and was rolled back
 * (docs/architecture.md#failure-handling).
 */
public sealed interface Decision {
  /** Why; journaled with the decision. */
  String reason();

  /** Run the failed step again with the same agent; the failure is added to its constraints. */
  record Retry(String reason) implements Decision {}

  /** Run the failed step again with another agent that has the needed capabilities. */
  record Reassign(String agent, String reason) implements Decision {}

  /** Insert steps (performed before the failed step is retried), e.g. a fix-up by another agent. */
  record Amend(List<AmendedStep> steps, String reason) implements Decision {
    public Amend {
      steps = List.copyOf(steps);
    }
  }

  /** Hand the decision to a person (a human task). */
  record Escalate(String reason) implements Decision {}

  /** A step the meta agent adds: who does what. */
  record AmendedStep(String id, String agent, String task) {}
}
