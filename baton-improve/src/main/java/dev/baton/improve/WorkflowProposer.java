package dev.baton.improve;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.improve.Observations.Execution;
import dev.baton.improve.Proposer.Draft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Proposals about the workflows themselves (docs/improvement.md), from the steps' executions in the
 * period:
 *
 * <ul>
 *   <li>weekly, <b>retries</b>: a step whose retries never helped (at least {@value #RETRIED} steps
 *       retried, no attempt after a retry succeeded) gets {@code retries: 0}, which the engine
 *       applies to the runs that start after it (a tuning);
 *   <li>weekly, <b>unused-step</b>: a step whose {@code when} was false in every run (at least
 *       {@value Proposer#MIN_ATTEMPTS}) is proposed for removal, an edit of the workflow file the
 *       person makes;
 *   <li>monthly, <b>split</b>: a task type every agent that did it failed more than the
 *       failure-rate threshold (at least {@value Proposer#MIN_ATTEMPTS} attempts, {@value
 *       Tuner#MIN_SAMPLES} per agent): a specialist for it, or the step split into smaller ones;
 *   <li>monthly, <b>redesign</b>: the phase of a workflow whose steps failed or escalated most
 *       often, in at least half of their executions (at least {@value Proposer#MIN_ATTEMPTS}).
 * </ul>
 *
 * <p>Baton does not rewrite workflow files: an approved {@code unused-step}, {@code split} or
 * {@code redesign} is recorded in the configuration as an agreed edit ({@code workflowEdits}),
 * which the reports list for the person to make.
 */
final class WorkflowProposer {
  static final int RETRIED = 3;
  static final double REDESIGN_SHARE = 50;

  private WorkflowProposer() {}

  static void weekly(Observations o, List<Draft> out) {
    retries(o, out);
    unusedSteps(o, out);
  }

  static void monthly(Observations o, double failureThreshold, List<Draft> out) {
    Set<String> split = splits(o, failureThreshold, out);
    redesigns(o, split, out);
  }

  /** Whether the configuration already holds what a draft of these kinds proposes. */
  static boolean holds(Configuration c, Draft d) {
    Map<String, Object> x = d.details();
    return switch (d.kind()) {
      case "retries" ->
          Integer.valueOf(0)
              .equals(c.tuning(Changes.str(x, "workflow")).retries().get(Changes.str(x, "step")));
      case "unused-step", "split", "redesign" ->
          c.edits().containsKey(d.kind() + " " + d.subject());
      default -> false;
    };
  }

  private static Map<String, List<Execution>> byType(Observations o) {
    return o.executions().stream()
        .collect(
            Collectors.groupingBy(
                x -> x.workflow() + "/" + x.taskType(), TreeMap::new, Collectors.toList()));
  }

  private static void retries(Observations o, List<Draft> out) {
    byType(o)
        .forEach((type, xs) -> {
          List<Execution> retried = xs.stream().filter(x -> x.retries() > 0).toList();
          if (retried.size() < RETRIED || retried.stream().anyMatch(Execution::retryHelped)) return;
          List<Execution> ended = xs.stream().filter(Execution::ended).toList();
          int attempts = retried.stream().mapToInt(Execution::retries).sum();
          long millis = retried.stream().mapToLong(Execution::retryMillis).sum();
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("workflow", xs.getFirst().workflow());
          d.put("step", xs.getFirst().taskType());
          d.put("to", 0);
          d.put("retried", retried.size());
          d.put("retryAttempts", attempts);
          d.put("retryMillis", millis);
          d.put("executions", ended.size());
          d.put("stepSuccessPct", stepSuccess(ended));
          d.put("runs", retried.stream().map(Execution::run).distinct().sorted().toList());
          out.add(
              new Draft(
                  "retries",
                  type,
                  "retries of " + type + ": 0",
                  retried.size()
                      + " runs retried "
                      + type
                      + " ("
                      + attempts
                      + " retries, "
                      + Tuner.fmt(millis)
                      + " of work) and no retry succeeded; the step ended successfully in "
                      + Math.round(stepSuccess(ended))
                      + "% of its "
                      + ended.size()
                      + " executions, never thanks to a retry",
                  d));
        });
  }

  private static void unusedSteps(Observations o, List<Draft> out) {
    byType(o)
        .forEach((type, xs) -> {
          if (xs.size() < Proposer.MIN_ATTEMPTS
              || !xs.stream()
                  .allMatch(x ->
                      x.outcome().equals("skipped") && x.skipReason().startsWith("when is false")))
            return;
          String condition = xs.getFirst().skipReason().substring("when is false".length());
          condition = condition.startsWith(": ") ? condition.substring(2) : condition;
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("workflow", xs.getFirst().workflow());
          d.put("step", xs.getFirst().taskType());
          d.put("phase", xs.getFirst().phase());
          d.put("when", condition);
          d.put("skipped", xs.size());
          d.put("runs", xs.stream().map(Execution::run).distinct().sorted().toList());
          String change =
              "remove step "
                  + xs.getFirst().taskType()
                  + " from phase "
                  + xs.getFirst().phase()
                  + " of the workflow file of "
                  + xs.getFirst().workflow()
                  + " (an edit you make)";
          d.put("edit", change);
          out.add(
              new Draft(
                  "unused-step",
                  type,
                  change,
                  "its when ("
                      + condition
                      + ") was false in all "
                      + xs.size()
                      + " runs of the period: the step never ran",
                  d));
        });
  }

  /** Task types no agent handles well; returns them (workflow/step). */
  private static Set<String> splits(Observations o, double threshold, List<Draft> out) {
    Set<String> types = new TreeSet<>();
    Map<String, Map<String, List<AttemptFact>>> byType =
        o.attempts().stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.workflow() + "/" + a.taskType(),
                    TreeMap::new,
                    Collectors.groupingBy(AttemptFact::agent, TreeMap::new, Collectors.toList())));
    byType.forEach((type, agents) -> {
      int attempts = agents.values().stream().mapToInt(List::size).sum();
      boolean noneWell =
          agents.values().stream()
              .allMatch(
                  xs -> xs.size() >= Tuner.MIN_SAMPLES && 100 - Figures.success(xs) > threshold);
      if (attempts < Proposer.MIN_ATTEMPTS || !noneWell) return;
      types.add(type);
      List<AttemptFact> all = agents.values().stream().flatMap(List::stream).toList();
      Map<String, Object> rates = new LinkedHashMap<>();
      List<String> each = new ArrayList<>();
      agents.forEach((agent, xs) -> {
        rates.put(agent, Figures.success(xs));
        each.add(agent + " " + Math.round(Figures.success(xs)) + "% of " + xs.size());
      });
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("workflow", all.getFirst().workflow());
      d.put("step", all.getFirst().taskType());
      d.put("attempts", attempts);
      d.put("successPctByAgent", rates);
      d.put("runs", Tuner.runs(all));
      String change =
          "add a specialist for "
              + type
              + " or split the step into smaller ones (an edit you make)";
      d.put("edit", change);
      out.add(
          new Draft(
              "split",
              type,
              change,
              "no agent handles it well: every agent that did it failed more than "
                  + Math.round(threshold)
                  + "% of its attempts in the month (succeeded: "
                  + String.join(", ", each)
                  + ")",
              d));
    });
    return types;
  }

  private static void redesigns(Observations o, Set<String> split, List<Draft> out) {
    Map<String, Map<String, List<Execution>>> byPhase =
        o.executions().stream()
            .filter(x -> x.ended() && !x.phase().isEmpty())
            .collect(
                Collectors.groupingBy(
                    Execution::workflow,
                    TreeMap::new,
                    Collectors.groupingBy(Execution::phase, TreeMap::new, Collectors.toList())));
    byPhase.forEach((wf, phases) -> {
      String worst = null;
      double worstShare = 0;
      for (var e : phases.entrySet()) {
        List<Execution> xs = e.getValue();
        if (xs.size() < Proposer.MIN_ATTEMPTS) continue;
        // a phase whose trouble is one task type no agent handles is that type's split proposal
        if (xs.stream().allMatch(x -> split.contains(wf + "/" + x.taskType()))) continue;
        double share = 100.0 * xs.stream().filter(Execution::troubled).count() / xs.size();
        if (share > worstShare) {
          worst = e.getKey();
          worstShare = share;
        }
      }
      if (worst == null || worstShare < REDESIGN_SHARE) return;
      List<Execution> xs = phases.get(worst);
      List<Execution> troubled = xs.stream().filter(Execution::troubled).toList();
      Map<String, Long> agents = new TreeMap<>();
      for (Execution x : troubled)
        for (String a : x.failingAgents()) agents.merge(a, 1L, Long::sum);
      Map<String, Long> types =
          troubled.stream()
              .collect(
                  Collectors.groupingBy(Execution::taskType, TreeMap::new, Collectors.counting()));
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("workflow", wf);
      d.put("phase", worst);
      d.put("executions", xs.size());
      d.put("troubled", troubled.size());
      d.put("troubledPct", worstShare);
      d.put("steps", types);
      d.put("failingAgents", agents);
      d.put("runs", troubled.stream().map(Execution::run).distinct().sorted().toList());
      String change = "redesign phase " + worst + " of " + wf + " (an edit you make)";
      d.put("edit", change);
      out.add(
          new Draft(
              "redesign",
              wf + "/" + worst,
              change,
              troubled.size()
                  + " of its "
                  + xs.size()
                  + " step executions in the month failed or escalated ("
                  + Math.round(worstShare)
                  + "%, the most of the workflow's phases); steps: "
                  + join(types)
                  + "; agents whose attempts failed: "
                  + join(agents),
              d));
    });
  }

  private static String join(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
  }

  /** Share (0-100) of ended executions that succeeded; 0 without any. */
  static double stepSuccess(List<Execution> ended) {
    if (ended.isEmpty()) return 0;
    return 100.0
        * ended.stream().filter(x -> x.outcome().equals("succeeded")).count()
        / ended.size();
  }
}
