package dev.baton.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A phase of a {@link WorkflowBuilder}, made by {@link Phase#sequential(String)} or {@link
 * Phase#parallel(String)}; keys left out get the defaults of a file (docs/workflow-language.md
 * "Phases"), or the workflow's rules.
 */
public final class PhaseBuilder {
  private final Map<String, Object> keys = new LinkedHashMap<>();
  private final Map<String, Object> budget = new LinkedHashMap<>();
  private final List<StepBuilder> steps = new ArrayList<>();

  PhaseBuilder(String name, Mode mode) {
    keys.put("name", Objects.requireNonNull(name, "name"));
    keys.put("mode", mode == Mode.SEQUENTIAL ? "sequential" : "parallel");
  }

  /** A step: {@code agent} does {@code task} (a template, e.g. <code>Lint {{inputs.pr}}</code>). */
  public PhaseBuilder step(String id, String agent, String task) {
    return step(StepSpec.builder(id).agent(agent).task(task));
  }

  /** A step with more than an agent and a task. */
  public PhaseBuilder step(StepBuilder step) {
    steps.add(Objects.requireNonNull(step, "step"));
    return this;
  }

  /** The phase's time box (default: none). */
  public PhaseBuilder budget(Duration time) {
    budget.put("time", Durations.format(time));
    return this;
  }

  /** What the phase's steps may spend on chat models (default: no limit). */
  public PhaseBuilder spend(SpendBudget spend) {
    spend.tokens().ifPresent(t -> budget.put("tokens", t));
    spend.usd().ifPresent(u -> budget.put("usd", u));
    return this;
  }

  /** What happens when a step fails for good (default: the workflow's, rollback-and-replan). */
  public PhaseBuilder onFailure(OnFailure onFailure) {
    keys.put("onFailure", onFailure.word());
    return this;
  }

  /** How many times the meta agent may re-plan this phase (default: the workflow's, 2). */
  public PhaseBuilder maxReplans(int maxReplans) {
    keys.put("maxReplans", maxReplans);
    return this;
  }

  /** The multiple of an estimate that raises an alert (default: the workflow's, 1.5). */
  public PhaseBuilder alertAt(double alertAt) {
    keys.put("alertAt", alertAt);
    return this;
  }

  /** Every step must have a rollback (default false). */
  public PhaseBuilder requireRollback() {
    keys.put("requireRollback", true);
    return this;
  }

  /**
   * Makes the phase's single step once per item of the list the CEL expression yields (e.g. {@code
   * steps.plan.output.services}); its templates and {@code when} may use {@code item}.
   */
  public PhaseBuilder foreach(String expression) {
    keys.put("foreach", expression);
    return this;
  }

  /** Orders a {@code foreach} phase's steps by a CEL expression over {@code item}. */
  public PhaseBuilder orderBy(String expression, boolean descending) {
    keys.put("orderBy", descending ? expression + " desc" : expression);
    return this;
  }

  Map<String, Object> definition() {
    Map<String, Object> out = new LinkedHashMap<>(keys);
    if (!budget.isEmpty())
      out.put(
          "budget", budget.size() == 1 && budget.containsKey("time") ? budget.get("time") : budget);
    out.put("steps", steps.stream().map(StepBuilder::definition).toList());
    return out;
  }
}
