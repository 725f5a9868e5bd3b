package dev.baton.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated workflow definition, with its agents resolved. Built by the loader from YAML files
 * (which are kept as {@link #sources} so that any process can resume a run of it) or from Java.
 *
 * @param team agent names taking part; {@code supporting} is the team minus the primary and {@code
 *     meta}
 * @param agents every agent a step may use, by name (team, agents file, inline), {@code meta}
 *     included
 * @param specialists templates the meta agent may instantiate for knowledge gaps
 * @param priority a CEL expression or a literal yielding {@code critical|high|normal|low}
 * @param spend what the run may spend on chat models ({@code budget: {tokens, usd}})
 */
public record Workflow(
    String name,
    String description,
    Map<String, InputSpec> inputs,
    List<String> team,
    Map<String, AgentSpec> agents,
    List<AgentSpec> specialists,
    Expression priority,
    Optional<Duration> budget,
    List<String> constraints,
    List<EscalationRule> escalation,
    List<Phase> phases,
    Sources sources,
    SpendBudget spend) {
  public Workflow {
    spend = spend == null ? SpendBudget.NONE : spend;
    inputs = Map.copyOf(inputs);
    team = List.copyOf(team);
    agents = Map.copyOf(agents);
    specialists = List.copyOf(specialists);
    constraints = List.copyOf(constraints);
    escalation = List.copyOf(escalation);
    phases = List.copyOf(phases);
    if (phases.isEmpty()) throw new IllegalArgumentException("a workflow needs at least one phase");
  }

  /** A workflow without a spending budget. */
  public Workflow(
      String name,
      String description,
      Map<String, InputSpec> inputs,
      List<String> team,
      Map<String, AgentSpec> agents,
      List<AgentSpec> specialists,
      Expression priority,
      Optional<Duration> budget,
      List<String> constraints,
      List<EscalationRule> escalation,
      List<Phase> phases,
      Sources sources) {
    this(
        name,
        description,
        inputs,
        team,
        agents,
        specialists,
        priority,
        budget,
        constraints,
        escalation,
        phases,
        sources,
        SpendBudget.NONE);
  }

  /**
   * The texts a workflow was loaded from, stored with each run so that another process can load the
   * very same definition when it resumes the run.
   */
  public record Sources(
      String workflowPath,
      String workflowText,
      Optional<String> agentsPath,
      Optional<String> agentsText) {
    public static Sources none() {
      return new Sources("<java>", "", Optional.empty(), Optional.empty());
    }
  }

  public Optional<StepSpec> step(String id) {
    for (Phase p : phases)
      for (StepSpec s : p.steps()) if (s.id().equals(id)) return Optional.of(s);
    return Optional.empty();
  }

  public Optional<Phase> phase(String name) {
    return phases.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
