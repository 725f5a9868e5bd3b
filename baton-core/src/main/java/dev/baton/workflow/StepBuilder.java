package dev.baton.workflow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A step of a {@link PhaseBuilder}, made by {@link StepSpec#builder(String)}; keys left out get the
 * defaults of a file (docs/workflow-language.md "Steps"): no retries, a retry delay of 1s, no
 * estimate, timeout or condition.
 */
public final class StepBuilder {
  private final Map<String, Object> keys = new LinkedHashMap<>();

  StepBuilder(String id) {
    keys.put("id", Objects.requireNonNull(id, "id"));
  }

  /** The agent doing the step: a name, or {@code primary}, {@code supporting}, {@code meta}. */
  public StepBuilder agent(String agent) {
    keys.put("agent", agent);
    return this;
  }

  /** Fans the step out to several agents, each doing the task. */
  public StepBuilder agents(String... agents) {
    keys.put("agents", List.of(agents));
    return this;
  }

  /**
   * Capabilities the agent must have; without an agent, the step is routed to one that has them.
   */
  public StepBuilder requires(String... capabilities) {
    keys.put("requires", List.of(capabilities));
    return this;
  }

  /** The task, a template (<code>{{inputs.x}}</code>, <code>{{steps.ID.output}}</code>…). */
  public StepBuilder task(String task) {
    keys.put("task", task);
    return this;
  }

  /** How long the step should take: past {@code alertAt} times this, an alert is raised. */
  public StepBuilder estimate(Duration estimate) {
    keys.put("estimate", Durations.format(estimate));
    return this;
  }

  /** How long one attempt may take before it is stopped and counted as failed. */
  public StepBuilder timeout(Duration timeout) {
    keys.put("timeout", Durations.format(timeout));
    return this;
  }

  /** Extra attempts after a failing one (default 0). */
  public StepBuilder retries(int retries) {
    keys.put("retries", retries);
    return this;
  }

  /** The delay before the first retry, doubling for each further one (default 1s). */
  public StepBuilder retryDelay(Duration delay) {
    keys.put("retryDelay", Durations.format(delay));
    return this;
  }

  /** A CEL condition: the step is skipped when it is false, e.g. {@code inputs.fast == 'no'}. */
  public StepBuilder when(String condition) {
    keys.put("when", condition);
    return this;
  }

  /** Success criteria handed to the agent. */
  public StepBuilder success(String criteria) {
    keys.put("success", criteria);
    return this;
  }

  /** Success criteria and a command (argv, templates allowed) that must exit 0. */
  public StepBuilder success(String criteria, String... check) {
    Map<String, Object> success = new LinkedHashMap<>();
    if (!criteria.isEmpty()) success.put("criteria", criteria);
    success.put("check", List.of(check));
    keys.put("success", success);
    return this;
  }

  /** A task for the same agent that undoes the step (a template). */
  public StepBuilder rollback(String task) {
    keys.put("rollback", task);
    return this;
  }

  /** A task for another agent that undoes the step. */
  public StepBuilder rollback(String agent, String task) {
    keys.put("rollback", Map.of("agent", agent, "task", task));
    return this;
  }

  /** A command (argv, no shell) that undoes the step. */
  public StepBuilder rollbackCommand(String... argv) {
    keys.put("rollback", Map.of("run", List.of(argv)));
    return this;
  }

  /** Resources the step holds while it runs: {@code db} (exclusive) or {@code db:shared}. */
  public StepBuilder resources(String... resources) {
    keys.put("resources", List.of(resources));
    return this;
  }

  /** The step's output names the run's new primary agent. */
  public StepBuilder assignsPrimary() {
    keys.put("assigns", "primary");
    return this;
  }

  /** The step works on a git branch of its own, merged when it succeeds. */
  public StepBuilder branchIsolation() {
    keys.put("isolation", "branch");
    return this;
  }

  /** Findings in the step's report that escalate to a person. */
  public StepBuilder escalateWhen(String... findings) {
    keys.put("escalateWhen", List.of(findings));
    return this;
  }

  Map<String, Object> definition() {
    return keys;
  }
}
