package dev.baton.improve;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.improve.Validator.Verdict;
import dev.baton.monitoring.AlertRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The weekly validation of an applied {@code threshold} change (docs/improvement.md). A threshold
 * is raised so that an alert singles out problems instead of flagging most of the work; it is
 * judged on the runs that started with it, and reverted when it hid a real degradation or did not
 * calm the alert:
 *
 * <ul>
 *   <li>{@code failure-rate}: the figure is the share of agent × task types (each with {@value
 *       Proposer#MIN_ATTEMPTS} attempts) failing past the threshold — before, at the old threshold
 *       (recorded with the proposal), after, at the new one. It is reverted when an agent × task
 *       type failed more than {@value Validator#TOLERANCE} points more than before and now sits
 *       between the old threshold and the new one (a degradation the new threshold hides), or when
 *       the share flagged grew by more than {@value Validator#TOLERANCE} points;
 *   <li>{@code overrun}: the figure is the share of succeeded attempts with an estimate that ran
 *       past the <em>old</em> threshold; it is reverted when that share grew by more than {@value
 *       Validator#TOLERANCE} points (overruns grew while the raised threshold kept them quiet).
 * </ul>
 */
final class Thresholds {
  private Thresholds() {}

  static Verdict judge(ConfigBook book, ConfigVersion v, Observations o) {
    Map<String, Object> f = v.figures();
    String rule = Changes.str(f, "rule");
    double from = ((Number) f.get("from")).doubleValue();
    double to = ((Number) f.get("to")).doubleValue();
    List<AttemptFact> after =
        o.attempts().stream()
            .filter(a -> a.configVersion() >= v.version() && !a.time().isBefore(v.time()))
            .toList();
    return AlertRule.FAILURE_RATE.id().equals(rule)
        ? failureRate(book, v, f, from, to, after)
        : overrun(book, v, f, from, after);
  }

  @SuppressWarnings("unchecked")
  private static Verdict failureRate(
      ConfigBook book,
      ConfigVersion v,
      Map<String, Object> f,
      double from,
      double to,
      List<AttemptFact> after) {
    String figure = "agent × task types flagged %";
    Map<String, List<AttemptFact>> pairs =
        after.stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.agent() + " × " + a.workflow() + "/" + a.taskType(),
                    TreeMap::new,
                    Collectors.toList()));
    Map<String, Double> rates = new TreeMap<>();
    pairs.forEach((pair, xs) -> {
      if (xs.size() >= Proposer.MIN_ATTEMPTS) rates.put(pair, 100 - Figures.success(xs));
    });
    Double before = Validator.number(f.get("flaggedPct"));
    if (before == null
        && f.get("flagged") instanceof List<?> l
        && f.get("pairs") instanceof Number n) before = 100.0 * l.size() / n.doubleValue();
    if (rates.size() < Proposer.THRESHOLD_PAIRS)
      return new Verdict(
          v.version(), v.change(), figure, before, null, rates.size(), "not enough runs yet", 0);
    double now = 100.0 * rates.values().stream().filter(r -> r > to).count() / rates.size();
    Map<String, Object> was = (Map<String, Object>) f.getOrDefault("failurePctByPair", Map.of());
    List<String> hidden = new ArrayList<>();
    rates.forEach((pair, rate) -> {
      Double earlier = Validator.number(was.get(pair));
      if (earlier != null && rate > from && rate <= to && rate > earlier + Validator.TOLERANCE)
        hidden.add(pair + " " + Math.round(earlier) + "% -> " + Math.round(rate) + "%");
    });
    boolean more = before != null && now > before + Validator.TOLERANCE;
    if (hidden.isEmpty() && !more)
      return new Verdict(v.version(), v.change(), figure, before, now, rates.size(), "kept", 0);
    String reason =
        !hidden.isEmpty()
            ? "the new threshold hid a degradation: "
                + String.join(", ", hidden)
                + " failed more than before, past the previous threshold "
                + Math.round(from)
                + "% but under "
                + Math.round(to)
                + "%"
            : figure
                + " got worse: "
                + Math.round(before)
                + " before, "
                + Math.round(now)
                + " after";
    Map<String, Object> figures = figures(v, f, figure, before, now, rates.size(), after);
    figures.put("hidden", hidden);
    figures.put("failurePctByPair", rates);
    long undone = Validator.revert(book, v, reason, figures);
    return new Verdict(
        v.version(), v.change(), figure, before, now, rates.size(), "reverted", undone, reason);
  }

  private static Verdict overrun(
      ConfigBook book,
      ConfigVersion v,
      Map<String, Object> f,
      double from,
      List<AttemptFact> after) {
    String figure = "attempts past the previous overrun threshold %";
    List<AttemptFact> timed =
        after.stream().filter(a -> a.succeeded() && a.estimateMillis() > 0).toList();
    Double before = Validator.number(f.get("overranPct"));
    if (before == null
        && f.get("overran") instanceof Number x
        && f.get("attempts") instanceof Number n)
      before = 100.0 * x.doubleValue() / n.doubleValue();
    if (timed.size() < Proposer.MIN_ATTEMPTS)
      return new Verdict(
          v.version(), v.change(), figure, before, null, timed.size(), "not enough runs yet", 0);
    List<AttemptFact> past =
        timed.stream()
            .filter(a -> 100.0 * a.durationMillis() / a.estimateMillis() >= from)
            .toList();
    double now = 100.0 * past.size() / timed.size();
    if (before == null || now <= before + Validator.TOLERANCE)
      return new Verdict(v.version(), v.change(), figure, before, now, timed.size(), "kept", 0);
    String reason =
        "overruns grew while the raised threshold kept them quiet: "
            + Math.round(before)
            + "% of attempts ran past "
            + Math.round(from)
            + "% of their estimate before, "
            + Math.round(now)
            + "% after";
    long undone =
        Validator.revert(book, v, reason, figures(v, f, figure, before, now, timed.size(), past));
    return new Verdict(
        v.version(), v.change(), figure, before, now, timed.size(), "reverted", undone, reason);
  }

  private static Map<String, Object> figures(
      ConfigVersion v,
      Map<String, Object> f,
      String figure,
      Double before,
      double now,
      int samples,
      List<AttemptFact> behind) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("reverts", v.version());
    figures.put("kind", "revert");
    figures.put("rule", f.get("rule"));
    figures.put("figure", figure);
    figures.put("before", before);
    figures.put("after", now);
    figures.put("samples", samples);
    figures.put("runs", Tuner.runs(behind));
    return figures;
  }
}
