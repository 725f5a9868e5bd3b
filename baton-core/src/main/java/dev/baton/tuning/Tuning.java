package dev.baton.tuning;

import dev.baton.journal.Event;
import dev.baton.workflow.AgentRef;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the improvement cycle (docs/improvement.md) changed in one workflow, as of one configuration
 * version: a run takes these values when it starts, records them in its journal ({@link
 * Event.ConfigurationApplied}), and keeps them when it is resumed, whatever the configuration has
 * become since.
 *
 * @param version the configuration version these values come from (0: none)
 * @param estimates tuned estimates by step id (as written; fan-out steps share their template's)
 * @param budgets tuned phase budgets by phase name
 * @param assignees agents that now perform a step as written, by step id (a reassigned task type)
 * @param routing for steps routed by {@code requires}: agents preferred first, in this order
 * @param retries a step's {@code retries} in place of the written one, by step id (an approved
 *     {@code retries} proposal: retries that never helped)
 */
public record Tuning(
    long version,
    Map<String, Duration> estimates,
    Map<String, Duration> budgets,
    Map<String, String> assignees,
    Map<String, List<String>> routing,
    Map<String, Integer> retries) {
  /** No tuning: the workflow as written. */
  public static final Tuning NONE = new Tuning(0, Map.of(), Map.of(), Map.of(), Map.of());

  public Tuning {
    if (version < 0) throw new IllegalArgumentException("version must not be negative");
    retries.forEach((step, n) -> {
      if (n < 0) throw new IllegalArgumentException("retries of " + step + " must be >= 0");
    });
    retries = Map.copyOf(retries);
    estimates = Map.copyOf(estimates);
    budgets = Map.copyOf(budgets);
    assignees = Map.copyOf(assignees);
    Map<String, List<String>> r = new LinkedHashMap<>();
    routing.forEach((k, v) -> r.put(k, List.copyOf(v)));
    routing = Map.copyOf(r);
  }

  /** Tuned values without retries overrides. */
  public Tuning(
      long version,
      Map<String, Duration> estimates,
      Map<String, Duration> budgets,
      Map<String, String> assignees,
      Map<String, List<String>> routing) {
    this(version, estimates, budgets, assignees, routing, Map.of());
  }

  public boolean isEmpty() {
    return estimates.isEmpty()
        && budgets.isEmpty()
        && assignees.isEmpty()
        && routing.isEmpty()
        && retries.isEmpty();
  }

  /** Agents preferred for a routed step, best first; empty when nothing was tuned. */
  public List<String> preference(String step) {
    List<String> out = new ArrayList<>();
    Optional.ofNullable(assignees.get(step)).ifPresent(out::add);
    for (String a : routing.getOrDefault(step, List.of())) if (!out.contains(a)) out.add(a);
    return out;
  }

  /**
   * The workflow with these values in place of those written: estimates, budgets, retries, and the
   * agent of reassigned named steps (only to agents the workflow knows, so a tuning never makes a
   * workflow name an unknown agent).
   */
  public Workflow applyTo(Workflow wf) {
    if (isEmpty()) return wf;
    List<Phase> phases = new ArrayList<>();
    for (Phase p : wf.phases()) {
      List<StepSpec> steps = new ArrayList<>();
      for (StepSpec s : p.steps()) steps.add(applyTo(s, wf));
      phases.add(
          new Phase(
              p.name(),
              p.mode(),
              steps,
              budgets.containsKey(p.name()) ? Optional.of(budgets.get(p.name())) : p.budget(),
              p.onFailure(),
              p.maxReplans(),
              p.requireRollback(),
              p.foreach(),
              p.orderBy(),
              p.orderDescending(),
              p.alertAt(),
              p.spend()));
    }
    return wf.withPhases(phases);
  }

  private StepSpec applyTo(StepSpec s, Workflow wf) {
    Optional<Duration> estimate =
        estimates.containsKey(s.id()) ? Optional.of(estimates.get(s.id())) : s.estimate();
    AgentRef agent = s.agent();
    String to = assignees.get(s.id());
    if (agent instanceof AgentRef.Named && to != null && wf.agents().containsKey(to))
      agent = new AgentRef.Named(to);
    int tries = retries.getOrDefault(s.id(), s.retries());
    if (estimate.equals(s.estimate()) && agent.equals(s.agent()) && tries == s.retries()) return s;
    return new StepSpec(
        s.id(),
        agent,
        s.requires(),
        s.task(),
        estimate,
        s.timeout(),
        tries,
        s.retryDelay(),
        s.when(),
        s.success(),
        s.rollback(),
        s.resources(),
        s.assignsPrimary(),
        s.branchIsolation(),
        s.escalateWhen());
  }

  /** The journal event a run records these values with. */
  public Event.ConfigurationApplied event() {
    Map<String, Long> e = new LinkedHashMap<>();
    estimates.forEach((k, v) -> e.put(k, v.toMillis()));
    Map<String, Long> b = new LinkedHashMap<>();
    budgets.forEach((k, v) -> b.put(k, v.toMillis()));
    return new Event.ConfigurationApplied(
        version, e, b, assignees, routing, retries.isEmpty() ? null : retries);
  }

  /** The values a run recorded. */
  public static Tuning of(Event.ConfigurationApplied c) {
    Map<String, Duration> e = new LinkedHashMap<>();
    if (c.estimateMillis() != null)
      c.estimateMillis().forEach((k, v) -> e.put(k, Duration.ofMillis(v)));
    Map<String, Duration> b = new LinkedHashMap<>();
    if (c.budgetMillis() != null)
      c.budgetMillis().forEach((k, v) -> b.put(k, Duration.ofMillis(v)));
    return new Tuning(
        c.version(),
        e,
        b,
        c.assignees() == null ? Map.of() : c.assignees(),
        c.routing() == null ? Map.of() : c.routing(),
        c.retries() == null ? Map.of() : c.retries());
  }
}
