package dev.baton.agent;

import dev.baton.workflow.AgentSpec;
import java.util.Optional;

/**
 * Makes agents of one kind from their definitions (command, llm, http, …). Registered on the {@code
 * Baton} builder; the first factory that accepts a definition wins.
 */
@FunctionalInterface
public interface AgentFactory {
  /** An agent for {@code spec}, or empty when this factory does not handle its kind. */
  Optional<Agent> create(AgentSpec spec);
}
