package dev.baton.internal.engine;

import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables CEL conditions and templates see (docs/workflow-language.md): {@code inputs},
 * {@code run}, {@code phase}, {@code steps}, {@code findings}, {@code item}. A fanned-out step is
 * also visible under its template id, its output being a map from suffix to each instance's output.
 */
final class Variables {
  /** Stands for "no budget": comparisons like {@code run.elapsed > run.budget} stay false. */
  static final Duration NO_BUDGET = Duration.ofDays(36_500);

  private Variables() {}

  /**
   * The run's variables now, for a condition or a template evaluated at once (see {@link #snapshot}
   * for variables kept while an attempt runs).
   */
  static Map<String, Object> of(RunState s, Workflow wf, Instant now, Object item) {
    return snapshot(s, wf, now, item).build();
  }

  /**
   * The run's variables as they are now, kept compact until read: a waiting attempt keeps its
   * snapshot for as long as it waits, so its size is memory per waiting run. It holds the figures
   * and a row per step (the outputs themselves are immutable and shared with the run's state), and
   * builds the nested maps each time it is read — by a command agent, once, as its process starts.
   */
  static Snapshot snapshot(RunState s, Workflow wf, Instant now, Object item) {
    String phaseName = s.currentPhase().orElse("");
    StepRow[] rows = new StepRow[s.steps().size()];
    int i = 0;
    for (StepState st : s.steps())
      rows[i++] =
          new StepRow(
              st.id(), st.template(), st.status(), st.output(), st.agent(), st.durationMillis());
    return new Snapshot(
        s.inputs(),
        s.id(),
        s.startedAt() == null ? Duration.ZERO : Duration.between(s.startedAt(), now),
        wf.budget().map(b -> b.plus(s.budgetExtension())).orElse(NO_BUDGET),
        s.priority(),
        s.primary().orElse(""),
        s.failures(),
        s.totalReplans(),
        phaseName,
        s.phaseActive() && s.phaseStartedAt() != null
            ? Duration.between(s.phaseStartedAt(), now)
            : Duration.ZERO,
        wf.phase(phaseName).flatMap(Phase::budget).orElse(NO_BUDGET),
        rows,
        List.copyOf(s.findings()),
        item);
  }

  /** A step as the variables show it, taken when the snapshot was. */
  private record StepRow(
      String id,
      String template,
      dev.baton.run.StepStatus status,
      Object output,
      String agent,
      long durationMillis) {}

  /**
   * A snapshot of a run's variables: an immutable map whose nested maps ({@code Map.of}, like those
   * of {@link #of}) are built when it is read.
   */
  static final class Snapshot extends AbstractMap<String, Object> {
    private final Map<String, Object> inputs;
    private final String id;
    private final Duration elapsed;
    private final Duration budget;
    private final String priority;
    private final String primary;
    private final long failures;
    private final long replans;
    private final String phase;
    private final Duration phaseElapsed;
    private final Duration phaseBudget;
    private final StepRow[] steps;
    private final List<String> findings;
    private final Object item;

    @SuppressWarnings("ParameterNumber")
    private Snapshot(
        Map<String, Object> inputs,
        String id,
        Duration elapsed,
        Duration budget,
        String priority,
        String primary,
        long failures,
        long replans,
        String phase,
        Duration phaseElapsed,
        Duration phaseBudget,
        StepRow[] steps,
        List<String> findings,
        Object item) {
      this.inputs = inputs;
      this.id = id;
      this.elapsed = elapsed;
      this.budget = budget;
      this.priority = priority;
      this.primary = primary;
      this.failures = failures;
      this.replans = replans;
      this.phase = phase;
      this.phaseElapsed = phaseElapsed;
      this.phaseBudget = phaseBudget;
      this.steps = steps;
      this.findings = findings;
      this.item = item;
    }

    /** The variables as maps (a new, immutable one on each call). */
    Map<String, Object> build() {
      return Map.of(
          "inputs",
          inputs,
          "run",
          Map.of(
              "id", id,
              "elapsed", elapsed,
              "budget", budget,
              "priority", priority,
              "primary", primary,
              "failures", failures,
              "replans", replans),
          "phase",
          Map.of("name", phase, "elapsed", phaseElapsed, "budget", phaseBudget),
          "steps",
          steps(List.of(steps)),
          "findings",
          findings,
          "item",
          item == null ? Map.of() : item);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return build().entrySet();
    }

    @Override
    public Object get(Object key) {
      return build().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return build().containsKey(key);
    }
  }

  private static Map<String, Object> steps(List<StepRow> rows) {
    Map<String, Object> steps = new LinkedHashMap<>();
    Map<String, Map<String, Object>> fanned = new LinkedHashMap<>();
    for (StepRow st : rows) {
      steps.put(
          st.id(),
          Map.of(
              "state",
              st.status().name(),
              "output",
              st.output() == null ? "" : st.output(),
              "agent",
              st.agent() == null ? "" : st.agent(),
              "duration",
              Duration.ofMillis(st.durationMillis())));
      if (!st.id().equals(st.template())) {
        String suffix = st.id().substring(st.template().length() + 1);
        fanned
            .computeIfAbsent(st.template(), k -> new LinkedHashMap<>())
            .put(suffix, st.output() == null ? "" : st.output());
      }
    }
    fanned.forEach((template, outputs) -> {
      Map<String, Object> m = new HashMap<>();
      boolean all =
          rows.stream()
              .filter(x -> x.template().equals(template))
              .allMatch(x -> x.status().passed());
      m.put("state", all ? "SUCCEEDED" : "RUNNING");
      m.put("output", outputs);
      m.put("agent", "");
      m.put("duration", Duration.ZERO);
      steps.putIfAbsent(template, m);
    });
    return steps;
  }
}
