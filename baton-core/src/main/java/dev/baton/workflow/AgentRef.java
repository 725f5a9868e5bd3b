package dev.baton.workflow;

import java.util.List;

/** Who performs a step, as written in the workflow. */
public sealed interface AgentRef {
  /** A named agent of the team, the agents file or inline definitions. */
  record Named(String name) implements AgentRef {}

  /** Whoever is the run's primary agent when the step starts. */
  record Primary() implements AgentRef {}

  /** Fan-out to the team minus the primary and {@code meta}. */
  record Supporting() implements AgentRef {}

  /** Fan-out to the listed agents ({@code agents: [a, b]}). */
  record Each(List<String> names) implements AgentRef {
    public Each {
      names = List.copyOf(names);
    }
  }

  /** No agent named: Baton routes the step by its {@code requires} (docs/conflicts.md). */
  record Routed() implements AgentRef {}
}
