package dev.baton.journal;

import java.time.Instant;
import java.util.List;

/**
 * A specialist the meta agent instantiated from a {@code specialists} template for a knowledge gap
 * (docs/conflicts.md), kept by the store so that later runs and {@code baton agents} know it.
 *
 * @param template the template's name (a template of the agents file)
 * @param kind {@code command}, {@code llm}, {@code http}, {@code human} or {@code in-process}
 */
public record CreatedAgent(
    String name,
    String template,
    String role,
    String kind,
    List<String> capabilities,
    String run,
    String reason,
    Instant created) {
  public CreatedAgent {
    capabilities = List.copyOf(capabilities);
    if (role == null) role = "";
    if (reason == null) reason = "";
  }
}
