package dev.baton.meta;

import dev.baton.workflow.AgentSpec;
import java.util.List;

/**
 * What the meta agent knows when it triages: the report, the team that may lead (the meta agent and
 * people excluded), the examples learned from earlier corrections, and the meta agent's definition
 * (its {@code llm}, if any).
 */
public record TriageRequest(
    String report, List<AgentSpec> team, List<TriageExample> examples, AgentSpec meta) {
  public TriageRequest {
    team = List.copyOf(team);
    examples = List.copyOf(examples);
    meta = meta == null ? AgentSpec.meta() : meta;
  }

  /** A request for the rules-only meta agent. */
  public TriageRequest(String report, List<AgentSpec> team, List<TriageExample> examples) {
    this(report, team, examples, AgentSpec.meta());
  }
}
