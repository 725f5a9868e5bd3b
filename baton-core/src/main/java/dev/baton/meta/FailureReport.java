package dev.baton.meta;

import dev.baton.workflow.AgentSpec;
import java.util.List;
import java.util.Map;

/**
 * What the meta agent knows when it re-plans: the failure, the attempts so far, and the agents with
 * their success rates (0-1, or -1 when unknown).
 *
 * @param replan which re-plan of this phase this is (1 for the first)
 * @param requires the capabilities the step needs (its {@code requires}, else its agent's)
 * @param task the failed attempt's task text
 */
public record FailureReport(
    String run,
    String phase,
    String step,
    String agent,
    String error,
    int attempts,
    int replan,
    int maxReplans,
    List<String> requires,
    Map<String, AgentSpec> agents,
    Map<String, Double> successRates,
    String task) {
  public FailureReport {
    requires = List.copyOf(requires);
    agents = Map.copyOf(agents);
    successRates = Map.copyOf(successRates);
    task = task == null ? "" : task;
  }

  /** A report without the failed step's task text. */
  public FailureReport(
      String run,
      String phase,
      String step,
      String agent,
      String error,
      int attempts,
      int replan,
      int maxReplans,
      List<String> requires,
      Map<String, AgentSpec> agents,
      Map<String, Double> successRates) {
    this(
        run,
        phase,
        step,
        agent,
        error,
        attempts,
        replan,
        maxReplans,
        requires,
        agents,
        successRates,
        "");
  }
}
