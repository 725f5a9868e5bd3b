package dev.baton.internal.engine;

import dev.baton.agent.Agent;
import dev.baton.agent.Attempt;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.meta.Triage;
import dev.baton.workflow.AgentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in coordinator's steps. For a triage step ({@code assigns: primary}) it asks the meta
 * policy who should lead the task's report ({@link Triages}) and answers {@code {primary,
 * supporting, confidence, candidates, reason}}; when it is unsure it names no primary but the
 * candidates, and the engine asks a person. For other steps it reports the run's progress so far.
 */
final class MetaAgent implements Agent {
  private final RunActor run;
  private final Triages triages;

  MetaAgent(RunActor run, Triages triages) {
    this.run = run;
    this.triages = triages;
  }

  @Override
  public Outcome perform(Handoff handoff, Attempt attempt) {
    boolean triage =
        run.workflow.step(templateOf(attempt.step())).map(s -> s.assignsPrimary()).orElse(false);
    return Outcome.succeeded(
        triage
            ? output(triages.triage(run, handoff.task(), attempt.reporter()::llmCalled))
            : summary(handoff));
  }

  private static String templateOf(String step) {
    int dot = step.indexOf('.');
    return dot < 0 ? step : step.substring(0, dot);
  }

  private Map<String, Object> output(Triage t) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> candidates = new ArrayList<>();
    for (Triage.Candidate c : t.candidates())
      candidates.add(Map.of("agent", c.agent(), "confidence", round(c.confidence())));
    switch (t) {
      case Triage.Lead lead -> {
        out.put("primary", lead.agent());
        List<String> supporting = new ArrayList<>();
        for (String name : run.workflow.team())
          if (!name.equals(lead.agent()) && !AgentSpec.META.equals(name)) supporting.add(name);
        out.put("supporting", supporting);
      }
      case Triage.Ask ask -> out.put("ask", "Who should lead?");
    }
    out.put("confidence", round(t.confidence()));
    out.put("candidates", candidates);
    out.put("reason", String.join("; ", t.reasons()));
    return out;
  }

  private static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }

  private Map<String, Object> summary(Handoff handoff) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("completedWork", handoff.context().completedWork());
    out.put("remainingWork", handoff.context().remainingWork());
    out.put("outputs", handoff.outputs().keySet());
    return out;
  }
}
