package dev.baton.workflow;

import java.util.List;

/** How a completed step's work is compensated (docs/architecture.md#failure-handling). */
public sealed interface Rollback {
  /** A task for the agent that did the step. */
  record SameAgent(Template task) implements Rollback {}

  /** A task for another agent. */
  record OtherAgent(String agent, Template task) implements Rollback {}

  /** A command run directly (argv, no shell) with {@code BATON_COMPENSATE=1}. */
  record Command(List<String> argv) implements Rollback {
    public Command {
      argv = List.copyOf(argv);
    }
  }
}
