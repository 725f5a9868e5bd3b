package dev.baton.workflow;

import dev.baton.workflow.internal.JavaWorkflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds a {@link Workflow} in Java, key by key as a workflow file is written
 * (docs/workflow-language.md); keys left out get the defaults a file gets. Start with {@link
 * Workflow#builder(String)}:
 *
 * <pre>{@code
 * Workflow review =
 *     Workflow.builder("review")
 *         .input("pr", "the pull request to review")
 *         .agent(AgentSpec.inProcess("reviewer"))
 *         .phase(Phase.sequential("check").step("lint", "reviewer", "Lint {{inputs.pr}}"))
 *         .build();
 * }</pre>
 *
 * <p>{@link #build()} validates the workflow exactly as the loader validates a file (agent names,
 * unique ids, templates, CEL type-checked): the builder hands the loader the keys a file would
 * hold.
 */
public final class WorkflowBuilder {
  private final String name;
  private final Map<String, Object> keys = new LinkedHashMap<>();
  private final Map<String, Object> inputs = new LinkedHashMap<>();
  private final Map<String, Object> rules = new LinkedHashMap<>();
  private final Map<String, Object> budget = new LinkedHashMap<>();
  private final List<Object> escalation = new ArrayList<>();
  private final List<PhaseBuilder> phases = new ArrayList<>();
  private final Map<String, AgentSpec> agents = new LinkedHashMap<>();
  private final List<AgentSpec> specialists = new ArrayList<>();
  private Optional<AgentSpec.Llm> meta = Optional.empty();

  WorkflowBuilder(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** What the workflow is for, shown by {@code baton workflows} and the dashboard. */
  public WorkflowBuilder description(String description) {
    keys.put("description", Objects.requireNonNull(description, "description"));
    return this;
  }

  /** An optional input without a default. */
  public WorkflowBuilder input(String name, String description) {
    return input(name, false, Optional.empty(), description);
  }

  /** An input a run must be given. */
  public WorkflowBuilder requiredInput(String name, String description) {
    return input(name, true, Optional.empty(), description);
  }

  /** An optional input with the value it takes when a run is not given one. */
  public WorkflowBuilder input(String name, String description, String defaultValue) {
    return input(name, false, Optional.of(defaultValue), description);
  }

  private WorkflowBuilder input(
      String name, boolean required, Optional<String> defaultValue, String description) {
    Map<String, Object> input = new LinkedHashMap<>();
    if (required) input.put("required", true);
    defaultValue.ifPresent(d -> input.put("default", d));
    if (!description.isEmpty()) input.put("description", description);
    inputs.put(Objects.requireNonNull(name, "name"), input);
    return this;
  }

  /**
   * The agents taking part (default: every agent the workflow defines with {@link #agent}); the
   * first is the primary unless the meta agent's triage picks another.
   */
  public WorkflowBuilder team(String... members) {
    keys.put("team", List.of(members));
    return this;
  }

  /**
   * Defines an agent the workflow may name, as an agents file would: a command, an HTTP agent, a
   * chat model, a person ({@link AgentSpec.Human}), or one implemented in Java and registered on
   * {@code Baton.builder().agent(name, agent)} ({@link AgentSpec#inProcess(String)}).
   */
  public WorkflowBuilder agent(AgentSpec agent) {
    agents.put(agent.name(), agent);
    return this;
  }

  /**
   * A template the meta agent may make an agent from when a step needs a capability no agent has (a
   * file's {@code specialists:}, docs/conflicts.md).
   */
  public WorkflowBuilder specialist(AgentSpec template) {
    specialists.add(Objects.requireNonNull(template, "template"));
    return this;
  }

  /** The meta agent's chat model (a file's {@code meta: {llm: …}}); default: rules only. */
  public WorkflowBuilder meta(AgentSpec.Llm llm) {
    this.meta = Optional.of(llm);
    return this;
  }

  /** The run's priority (default {@code normal}). */
  public WorkflowBuilder priority(Priority priority) {
    keys.put("priority", priority.word());
    return this;
  }

  /**
   * The run's priority as a CEL expression yielding {@code critical|high|normal|low}, e.g. {@code
   * inputs.severity == 'sev1' ? 'critical' : 'normal'}.
   */
  public WorkflowBuilder priority(String expression) {
    keys.put("priority", expression);
    return this;
  }

  /** The run's time box (default: none). */
  public WorkflowBuilder budget(Duration time) {
    budget.put("time", Durations.format(time));
    return this;
  }

  /** What the run may spend on chat models (default: no limit). */
  public WorkflowBuilder spend(SpendBudget spend) {
    spend.tokens().ifPresent(t -> budget.put("tokens", t));
    spend.usd().ifPresent(u -> budget.put("usd", u));
    return this;
  }

  /** Rules every agent is told (a file's {@code constraints}). */
  public WorkflowBuilder constraints(String... constraints) {
    keys.put("constraints", List.of(constraints));
    return this;
  }

  /** What phases do when a step fails for good, unless they say (default rollback-and-replan). */
  public WorkflowBuilder onFailure(OnFailure onFailure) {
    rules.put("onFailure", onFailure.word());
    return this;
  }

  /** How many times the meta agent may re-plan a phase, unless it says (default 2). */
  public WorkflowBuilder maxReplans(int maxReplans) {
    rules.put("maxReplans", maxReplans);
    return this;
  }

  /** The multiple of a step's estimate that raises an alert, unless a phase says (default 1.5). */
  public WorkflowBuilder alertAt(double alertAt) {
    rules.put("alertAt", alertAt);
    return this;
  }

  /**
   * An escalation rule: when the CEL condition {@code when} holds, {@code then} ({@code human},
   * {@code alert} or {@code abort}) happens, once per run.
   */
  public WorkflowBuilder escalate(String when, String then, String reason) {
    escalation.add(rule(when, then, reason));
    return this;
  }

  /** An escalation rule handing the lead to {@code agent} when {@code when} holds. */
  public WorkflowBuilder escalateToPrimary(String when, String agent, String reason) {
    escalation.add(rule(when, Map.of("primary", agent), reason));
    return this;
  }

  private static Map<String, Object> rule(String when, Object then, String reason) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("when", when);
    rule.put("then", then);
    if (!reason.isEmpty()) rule.put("reason", reason);
    return rule;
  }

  /** Adds a phase; phases run in the order they are added. */
  public WorkflowBuilder phase(PhaseBuilder phase) {
    phases.add(Objects.requireNonNull(phase, "phase"));
    return this;
  }

  /**
   * The workflow, validated as a file with the same keys is.
   *
   * @throws InvalidWorkflowException with every problem (unknown agents, duplicate ids, templates
   *     naming unknown inputs or steps, CEL that does not compile…)
   */
  public Workflow build() {
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("name", name);
    definition.putAll(keys);
    if (!inputs.isEmpty()) definition.put("inputs", inputs);
    if (!budget.isEmpty())
      definition.put(
          "budget", budget.size() == 1 && budget.containsKey("time") ? budget.get("time") : budget);
    if (!rules.isEmpty()) definition.put("rules", rules);
    if (!escalation.isEmpty()) definition.put("escalation", escalation);
    definition.put("phases", phases.stream().map(PhaseBuilder::definition).toList());
    return JavaWorkflows.read(name, definition, agents.values(), specialists, meta);
  }
}
