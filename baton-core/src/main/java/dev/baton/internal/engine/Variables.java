package dev.baton.internal.engine;

import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
   * A snapshot of the run's variables. Its maps are immutable and compact ({@code Map.of}): a
   * waiting attempt keeps its snapshot for as long as it waits, so their size is memory per run.
   */
  static Map<String, Object> of(RunState s, Workflow wf, Instant now, Object item) {
    Map<String, Object> run =
        Map.of(
            "id", s.id(),
            "elapsed", s.startedAt() == null ? Duration.ZERO : Duration.between(s.startedAt(), now),
            "budget", wf.budget().map(b -> b.plus(s.budgetExtension())).orElse(NO_BUDGET),
            "priority", s.priority(),
            "primary", s.primary().orElse(""),
            "failures", (long) s.failures(),
            "replans", (long) s.totalReplans());
    String phaseName = s.currentPhase().orElse("");
    Map<String, Object> phase =
        Map.of(
            "name",
            phaseName,
            "elapsed",
            s.phaseActive() && s.phaseStartedAt() != null
                ? Duration.between(s.phaseStartedAt(), now)
                : Duration.ZERO,
            "budget",
            wf.phase(phaseName).flatMap(Phase::budget).orElse(NO_BUDGET));
    return Map.of(
        "inputs",
        s.inputs(),
        "run",
        run,
        "phase",
        phase,
        "steps",
        steps(s),
        "findings",
        List.copyOf(s.findings()),
        "item",
        item == null ? Map.of() : item);
  }

  static Map<String, Object> steps(RunState s) {
    Map<String, Object> steps = new LinkedHashMap<>();
    Map<String, Map<String, Object>> fanned = new LinkedHashMap<>();
    for (StepState st : s.steps()) {
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
          s.steps().stream()
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
