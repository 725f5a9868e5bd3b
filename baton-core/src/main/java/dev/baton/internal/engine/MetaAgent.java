package dev.baton.internal.engine;

import dev.baton.agent.Agent;
import dev.baton.agent.Attempt;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in coordinator's steps. For a triage step ({@code assigns: primary}) it scores each
 * team agent by how many of its keywords and capabilities occur in the task text and names the best
 * one primary, explaining the choice; for other steps it reports the run's progress so far.
 */
final class MetaAgent implements Agent {
  private final Workflow workflow;

  MetaAgent(Workflow workflow) {
    this.workflow = workflow;
  }

  @Override
  public Outcome perform(Handoff handoff, Attempt attempt) {
    boolean triage =
        workflow.step(templateOf(attempt.step())).map(s -> s.assignsPrimary()).orElse(false);
    return Outcome.succeeded(triage ? triage(handoff.task()) : summary(handoff));
  }

  private static String templateOf(String step) {
    int dot = step.indexOf('.');
    return dot < 0 ? step : step.substring(0, dot);
  }

  Map<String, Object> triage(String task) {
    String text = task.toLowerCase(Locale.ROOT);
    String best = null;
    int bestScore = -1;
    List<String> matched = List.of();
    for (String name : workflow.team()) {
      AgentSpec a = workflow.agents().get(name);
      if (a == null || a.kind() instanceof AgentSpec.Meta) continue;
      List<String> hits = new ArrayList<>();
      for (String k : a.keywords()) if (text.contains(k.toLowerCase(Locale.ROOT))) hits.add(k);
      for (String c : a.capabilities())
        if (text.contains(c.toLowerCase(Locale.ROOT).replace('-', ' '))
            || text.contains(c.toLowerCase(Locale.ROOT))) hits.add(c);
      if (hits.size() > bestScore) {
        best = name;
        bestScore = hits.size();
        matched = hits;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("primary", best);
    List<String> supporting = new ArrayList<>();
    for (String name : workflow.team())
      if (!name.equals(best) && !AgentSpec.META.equals(name)) supporting.add(name);
    out.put("supporting", supporting);
    out.put("tags", matched);
    out.put(
        "reason",
        bestScore > 0
            ? best + " matched " + String.join(", ", matched)
            : "no keyword matched; " + best + " is the first agent of the team");
    return out;
  }

  private Map<String, Object> summary(Handoff handoff) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("completedWork", handoff.context().completedWork());
    out.put("remainingWork", handoff.context().remainingWork());
    out.put("outputs", handoff.outputs().keySet());
    return out;
  }
}
