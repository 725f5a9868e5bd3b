package dev.baton.agents.http;

import dev.baton.agent.Agent;
import dev.baton.agent.AgentFactory;
import dev.baton.workflow.AgentSpec;
import java.util.Optional;

/**
 * Makes {@link HttpAgent}s from {@code http:} definitions (docs/workflow-language.md#agents-file).
 */
public final class HttpAgentFactory implements AgentFactory {
  @Override
  public Optional<Agent> create(AgentSpec spec) {
    return spec.kind() instanceof AgentSpec.Http http
        ? Optional.of(HttpAgent.of(http))
        : Optional.empty();
  }
}
