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
    // a Java workflow is found again on resume by its path: each gets one of its own, by name, so
    // that two workflows built with Sources.none() never stand for each other
    if (sources == null || sources.workflowPath().equals(Sources.NONE_PATH))
      sources = Sources.java(name);
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
    /** The path of {@link #none()}, before a workflow gives it its name. */
    static final String NONE_PATH = "<java>";

    /**
     * A workflow built in Java, with no text to keep: its runs are resumed by a {@code Baton} on
     * which it is registered ({@code Baton.Builder.workflow}). The workflow replaces it with {@link
     * #java(String) java(name)}.
     */
    public static Sources none() {
      return new Sources(NONE_PATH, "", Optional.empty(), Optional.empty());
    }

    /** The sources of the Java-built workflow {@code name}: {@code <java:NAME>}, no text. */
    public static Sources java(String name) {
      return new Sources("<java:" + name + ">", "", Optional.empty(), Optional.empty());
    }
  }

  /**
   * Builds a workflow in Java with the defaults and checks of a workflow file (see {@link
   * WorkflowBuilder}).
   */
  public static WorkflowBuilder builder(String name) {
    return new WorkflowBuilder(name);
  }

  /** This workflow with other agents (the rest unchanged). */
  public Workflow withAgents(Map<String, AgentSpec> agents) {
    return new Workflow(
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
        spend);
  }

  /** This workflow with other phases (the rest unchanged). */
  public Workflow withPhases(List<Phase> phases) {
    return new Workflow(
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
        spend);
  }

  /** This workflow with another priority (the rest unchanged). */
  public Workflow withPriority(Expression priority) {
    return new Workflow(
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
        spend);
  }

  public Optional<StepSpec> step(String id) {
    for (Phase p : phases)
      for (StepSpec s : p.steps()) if (s.id().equals(id)) return Optional.of(s);
    return Optional.empty();
  }

  public Optional<Phase> phase(String name) {
    for (Phase p : phases) if (p.name().equals(name)) return Optional.of(p);
    return Optional.empty();
  }
}
