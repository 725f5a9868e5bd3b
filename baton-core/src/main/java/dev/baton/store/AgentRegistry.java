package dev.baton.store;

import dev.baton.journal.CreatedAgent;
import java.util.List;

/** Specialists the meta agent created from templates, kept for later runs. */
public interface AgentRegistry {

  /** Keeps a specialist created from a template, for later runs and {@code baton agents}. */
  default void saveAgent(CreatedAgent agent) {}

  /** Specialists created so far, oldest first. */
  default List<CreatedAgent> createdAgents() {
    return List.of();
  }
}
