package dev.baton.meta;

import dev.baton.workflow.AgentSpec;
import java.util.List;

/**
 * What the meta agent knows when it triages: the report, the team that may lead (the meta agent and
 * people excluded), and the examples learned from earlier corrections.
 */
public record TriageRequest(String report, List<AgentSpec> team, List<TriageExample> examples) {
  public TriageRequest {
    team = List.copyOf(team);
    examples = List.copyOf(examples);
  }
}
