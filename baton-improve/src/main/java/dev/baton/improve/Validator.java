package dev.baton.improve;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.improve.Observations.PhaseFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The weekly validation of applied changes (docs/improvement.md): each change of the last two weeks
 * that has had a day of runs is judged on the figure it was meant to improve, before (recorded with
 * the change) and after (runs that started with it); a change whose figure got worse by more than
 * {@value #TOLERANCE} points is reverted as a new configuration version.
 */
public final class Validator {
  static final double TOLERANCE = 5;
  static final Set<String> KINDS =
      Set.of("estimate", "routing", "reassign", "budget", "retries", "threshold");

  private Validator() {}

  /**
   * The verdict on one change; {@code reverted} is the version that undid it (0: kept), {@code
   * reason} why (empty unless reverted).
   */
  public record Verdict(
      long version,
      String change,
      String figure,
      Double before,
      Double after,
      int samples,
      String verdict,
      long reverted,
      String reason) {
    public Verdict(
        long version,
        String change,
        String figure,
        Double before,
        Double after,
        int samples,
        String verdict,
        long reverted) {
      this(version, change, figure, before, after, samples, verdict, reverted, "");
    }
  }

  public static List<Verdict> validate(
      ConfigBook book, Observations since, Instant from, Instant to) {
    List<ConfigVersion> history = book.history();
    Set<Object> reverted =
        history.stream()
            .map(v -> v.figures().get("reverts"))
            .filter(x -> x != null)
            .map(x -> ((Number) x).longValue())
            .collect(Collectors.toSet());
    List<Verdict> out = new ArrayList<>();
    for (ConfigVersion v : history) {
      // the changes of the two weeks before, that have had a day of runs at least
      if (v.time().isBefore(from.minus(java.time.Duration.ofDays(7)))
          || v.time().isAfter(to.minus(java.time.Duration.ofDays(1)))) continue;
      Object kind = v.figures().get("kind");
      if (kind == null || !KINDS.contains(kind.toString()) || reverted.contains(v.version()))
        continue;
      out.add(judge(book, v, kind.toString(), since));
    }
    return out;
  }

  private static Verdict judge(ConfigBook book, ConfigVersion v, String kind, Observations o) {
    if (kind.equals("threshold")) return Thresholds.judge(book, v, o);
    Map<String, Object> f = v.figures();
    String wf = Changes.str(f, "workflow");
    String step = Changes.str(f, "step");
    List<AttemptFact> after =
        o.attempts().stream()
            .filter(a -> a.workflow().equals(wf) && a.taskType().equals(step))
            .filter(a -> a.configVersion() >= v.version() && !a.time().isBefore(v.time()))
            .toList();
    String figure;
    Double before, now;
    int samples;
    boolean worse;
    switch (kind) {
      case "estimate" -> {
        figure = "estimate error %";
        List<AttemptFact> ok = after.stream().filter(AttemptFact::succeeded).toList();
        before = number(f.get("estimateErrorPct"));
        now = Tuner.estimateError(ok);
        samples = ok.size();
        worse = before != null && now != null && now > before + TOLERANCE;
      }
      case "budget" -> {
        figure = "runs over the phase budget %";
        List<PhaseFact> ph =
            o.phases().stream()
                .filter(p -> p.workflow().equals(wf) && p.phase().equals(Changes.str(f, "phase")))
                .toList();
        before = number(f.get("overBudgetPct"));
        now =
            ph.isEmpty()
                ? null
                : 100.0 * ph.stream().filter(PhaseFact::overBudget).count() / ph.size();
        samples = ph.size();
        worse = before != null && now != null && now > before + TOLERANCE;
      }
      case "retries" -> {
        figure = "step success %";
        List<Observations.Execution> ended =
            o.executions().stream()
                .filter(x -> x.workflow().equals(wf) && x.taskType().equals(step) && x.ended())
                .filter(x -> x.configVersion() >= v.version() && !x.time().isBefore(v.time()))
                .toList();
        before = number(f.get("stepSuccessPct"));
        now = ended.isEmpty() ? null : WorkflowProposer.stepSuccess(ended);
        samples = ended.size();
        worse = before != null && now != null && now < before - TOLERANCE;
      }
      default -> {
        figure = "first-attempt success %";
        List<AttemptFact> firsts = after.stream().filter(AttemptFact::first).toList();
        before = number(f.get("firstSuccessPct"));
        now = Figures.success(firsts);
        samples = firsts.size();
        worse = before != null && now != null && now < before - TOLERANCE;
      }
    }
    if (samples < Tuner.MIN_SAMPLES)
      return new Verdict(
          v.version(), v.change(), figure, before, now, samples, "not enough runs yet", 0);
    if (!worse)
      return new Verdict(v.version(), v.change(), figure, before, now, samples, "kept", 0);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("reverts", v.version());
    figures.put("kind", "revert");
    figures.put("workflow", wf);
    figures.put("step", step);
    figures.put("figure", figure);
    figures.put("before", before);
    figures.put("after", now);
    figures.put("samples", samples);
    figures.put("runs", Tuner.runs(after));
    String reason =
        figure + " got worse: " + Math.round(before) + " before, " + Math.round(now) + " after";
    long undone = revert(book, v, reason, figures);
    return new Verdict(
        v.version(), v.change(), figure, before, now, samples, "reverted", undone, reason);
  }

  /** The revert of {@code v}, a new version by {@code validation}; 0 when nothing changed. */
  static long revert(ConfigBook book, ConfigVersion v, String reason, Map<String, Object> figures) {
    return book.commit(
            "validation",
            "revert version " + v.version() + ": " + v.change(),
            reason,
            figures,
            c -> Changes.revert(c, v.figures()))
        .map(ConfigVersion::version)
        .orElse(0L);
  }

  static Double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}
