package dev.baton.improve;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.improve.Observations.GapFact;
import dev.baton.improve.Observations.PhaseFact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The evening's proposals for people (docs/improvement.md), from a period's observations:
 *
 * <ul>
 *   <li><b>reassign</b> a task type whose agent fails more than the failure-rate threshold (at
 *       least {@value #MIN_ATTEMPTS} attempts) to an agent that did the same task type at least
 *       {@value #GAP} points better;
 *   <li><b>budget</b>: a phase that went over its budget {@value #REPEATS} times or more gets the
 *       75th percentile of its durations plus a quarter, in whole minutes;
 *   <li><b>specialist</b> for a capability that agents lacked {@value #REPEATS} times or more.
 * </ul>
 */
public final class Proposer {
  static final int MIN_ATTEMPTS = 5;
  static final double GAP = 20;
  static final int REPEATS = 2;

  private Proposer() {}

  /** A proposal not opened yet. */
  public record Draft(
      String kind, String subject, String change, String reason, Map<String, Object> details) {}

  /** The proposals the period calls for, leaving out what the configuration already holds. */
  public static List<Draft> propose(Observations o, double failureThreshold, Configuration config) {
    List<Draft> out = new ArrayList<>();
    reassign(o, failureThreshold, out);
    budgets(o, out);
    specialists(o, out);
    return out.stream().filter(d -> !holds(config, d)).toList();
  }

  private static boolean holds(Configuration c, Draft d) {
    Map<String, Object> x = d.details();
    return switch (d.kind()) {
      case "reassign" ->
          String.valueOf(x.get("agent"))
              .equals(c.tuning(Changes.str(x, "workflow")).assignees().get(Changes.str(x, "step")));
      case "budget" -> {
        var b = c.tuning(Changes.str(x, "workflow")).budgets().get(Changes.str(x, "phase"));
        yield b != null && b.toMillis() >= Changes.num(x, "toMillis");
      }
      case "specialist" -> c.specialistsWanted().contains(Changes.str(x, "capability"));
      default -> false;
    };
  }

  private static void reassign(Observations o, double threshold, List<Draft> out) {
    Map<String, Map<String, List<AttemptFact>>> byType =
        o.attempts().stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.workflow() + "/" + a.taskType(),
                    TreeMap::new,
                    Collectors.groupingBy(AttemptFact::agent, TreeMap::new, Collectors.toList())));
    byType.forEach((type, agents) -> {
      agents.forEach((agent, xs) -> {
        double success = Figures.success(xs);
        if (xs.size() < MIN_ATTEMPTS || 100 - success <= threshold) return;
        agents.entrySet().stream()
            .filter(e -> !e.getKey().equals(agent) && e.getValue().size() >= Tuner.MIN_SAMPLES)
            .filter(e -> Figures.success(e.getValue()) >= success + GAP)
            .max(java.util.Comparator.comparingDouble(e -> Figures.success(e.getValue())))
            .ifPresent(better -> {
              double to = Figures.success(better.getValue());
              Map<String, Object> d = new LinkedHashMap<>();
              d.put("workflow", xs.getFirst().workflow());
              d.put("step", xs.getFirst().taskType());
              d.put("from", agent);
              d.put("agent", better.getKey());
              d.put("fromSuccessPct", success);
              d.put("fromAttempts", xs.size());
              d.put("toSuccessPct", to);
              d.put("toAttempts", better.getValue().size());
              d.put(
                  "firstSuccessPct",
                  Figures.firstSuccess(agents.values().stream().flatMap(List::stream).toList()));
              d.put("runs", Tuner.runs(xs));
              out.add(
                  new Draft(
                      "reassign",
                      type,
                      "give " + type + " to " + better.getKey() + " instead of " + agent,
                      agent
                          + " succeeded in "
                          + Math.round(success)
                          + "% of "
                          + xs.size()
                          + " attempts (threshold: failure over "
                          + Math.round(threshold)
                          + "%); "
                          + better.getKey()
                          + " in "
                          + Math.round(to)
                          + "% of "
                          + better.getValue().size(),
                      d));
            });
      });
    });
  }

  private static void budgets(Observations o, List<Draft> out) {
    Map<String, List<PhaseFact>> byPhase =
        o.phases().stream()
            .collect(
                Collectors.groupingBy(
                    p -> p.workflow() + "/" + p.phase(), TreeMap::new, Collectors.toList()));
    byPhase.forEach((key, phases) -> {
      List<PhaseFact> over = phases.stream().filter(PhaseFact::overBudget).toList();
      if (over.size() < REPEATS) return;
      long p75 = Figures.quantile(phases.stream().map(PhaseFact::durationMillis).toList(), 0.75);
      long minutes = Math.max(1, (long) Math.ceil(p75 * 1.25 / 60_000.0));
      long budget = over.getLast().budgetMillis();
      if (minutes * 60_000 <= budget) return;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("workflow", over.getFirst().workflow());
      d.put("phase", over.getFirst().phase());
      d.put("fromMillis", budget);
      d.put("toMillis", minutes * 60_000);
      d.put("overBudget", over.size());
      d.put("phases", phases.size());
      d.put("overBudgetPct", 100.0 * over.size() / phases.size());
      d.put("p75Millis", p75);
      d.put("runs", over.stream().map(PhaseFact::run).distinct().sorted().toList());
      out.add(
          new Draft(
              "budget",
              key,
              "budget of phase " + key + ": " + Tuner.fmt(budget) + " -> " + minutes + "m",
              over.size()
                  + " of "
                  + phases.size()
                  + " runs of the phase went over its budget; their 75th percentile is "
                  + Tuner.fmt(p75),
              d));
    });
  }

  private static void specialists(Observations o, List<Draft> out) {
    Map<String, List<GapFact>> byCapability =
        o.gaps().stream()
            .collect(Collectors.groupingBy(GapFact::capability, TreeMap::new, Collectors.toList()));
    byCapability.forEach((cap, gaps) -> {
      if (gaps.size() < REPEATS) return;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("capability", cap);
      d.put("gaps", gaps.size());
      d.put("agents", gaps.stream().map(GapFact::agent).distinct().sorted().toList());
      d.put("runs", gaps.stream().map(GapFact::run).distinct().sorted().toList());
      out.add(
          new Draft(
              "specialist",
              cap,
              "add a specialist agent with the capability " + cap,
              gaps.size() + " knowledge gaps for " + cap + " in the period",
              d));
    });
  }
}
