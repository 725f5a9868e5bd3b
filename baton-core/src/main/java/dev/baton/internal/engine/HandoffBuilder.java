package dev.baton.internal.engine;

import dev.baton.agent.Handoff;
import dev.baton.run.RunState;
import dev.baton.workflow.Workflow;
import java.util.Map;

/**
 * The handoff a step's next attempt would get, built exactly as the engine builds it. A narrow door
 * for the benchmarks (and tools) in other modules; the engine itself calls {@link Handoffs}
 * directly.
 */
public final class HandoffBuilder {
  private HandoffBuilder() {}

  public static Handoff build(
      RunState state, Workflow workflow, String step, String agent, int attempt, String task) {
    return Handoffs.build(state, workflow, state.step(step).orElseThrow(), agent, attempt, task);
  }

  /** The JSON object the engine journals for {@code handoff} in {@code HandoffSent}. */
  public static Map<String, Object> json(Handoff handoff) {
    return Handoffs.json(handoff);
  }
}
