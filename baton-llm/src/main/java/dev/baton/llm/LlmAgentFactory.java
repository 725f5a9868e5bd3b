package dev.baton.llm;

import dev.baton.agent.Agent;
import dev.baton.agent.AgentFactory;
import dev.baton.workflow.AgentSpec;
import java.util.Optional;

/**
 * Makes {@link LlmAgent}s from {@code llm:} definitions (docs/workflow-language.md#agents-file).
 */
public final class LlmAgentFactory implements AgentFactory {
  @Override
  public Optional<Agent> create(AgentSpec spec) {
    return spec.kind() instanceof AgentSpec.Llm ? Optional.of(LlmAgent.of(spec)) : Optional.empty();
  }
}
