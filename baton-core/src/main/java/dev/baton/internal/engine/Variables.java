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

  static Map<String, Object> of(RunState s, Workflow wf, Instant now, Object item) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("inputs", s.inputs());
    Map<String, Object> run = new HashMap<>();
    run.put("id", s.id());
    run.put(
        "elapsed", s.startedAt() == null ? Duration.ZERO : Duration.between(s.startedAt(), now));
    run.put("budget", wf.budget().map(b -> b.plus(s.budgetExtension())).orElse(NO_BUDGET));
    run.put("priority", s.priority());
    run.put("primary", s.primary().orElse(""));
    run.put("failures", (long) s.failures());
    run.put("replans", (long) s.totalReplans());
    vars.put("run", run);
    Map<String, Object> phase = new HashMap<>();
    String phaseName = s.currentPhase().orElse("");
    phase.put("name", phaseName);
    phase.put(
        "elapsed",
        s.phaseActive() && s.phaseStartedAt() != null
            ? Duration.between(s.phaseStartedAt(), now)
            : Duration.ZERO);
    phase.put("budget", wf.phase(phaseName).flatMap(Phase::budget).orElse(NO_BUDGET));
    vars.put("phase", phase);
    vars.put("steps", steps(s));
    vars.put("findings", List.copyOf(s.findings()));
    vars.put("item", item == null ? Map.of() : item);
    return vars;
  }

  static Map<String, Object> steps(RunState s) {
    Map<String, Object> steps = new LinkedHashMap<>();
    Map<String, Map<String, Object>> fanned = new LinkedHashMap<>();
    for (StepState st : s.steps()) {
      Map<String, Object> m = new HashMap<>();
      m.put("state", st.status().name());
      m.put("output", st.output() == null ? "" : st.output());
      m.put("agent", st.agent() == null ? "" : st.agent());
      m.put("duration", Duration.ofMillis(st.durationMillis()));
      steps.put(st.id(), m);
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
