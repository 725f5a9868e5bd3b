package dev.baton.workflow;

import java.util.List;
import java.util.Map;

/**
 * The agents of an agents file (docs/workflow-language.md#agents-file): named agents, and the
 * specialist templates the meta agent may instantiate for knowledge gaps.
 */
public record AgentCatalog(Map<String, AgentSpec> agents, List<AgentSpec> specialists) {
  public AgentCatalog {
    agents = Map.copyOf(agents);
    specialists = List.copyOf(specialists);
  }
}
