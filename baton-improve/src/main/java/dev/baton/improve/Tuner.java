package dev.baton.improve;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.tuning.Tuning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The daily cycle's minor tunings, applied without asking (docs/improvement.md), each a new
 * configuration version whose figures say what it was based on:
 *
 * <ul>
 *   <li><b>estimate</b>: a task type's estimate moves toward the 75th percentile of its succeeded
 *       attempts, by at most {@value #MAX_STEP_PERCENT}% of the current value per review (at least
 *       {@value #MIN_SAMPLES} samples; changes under {@value #MIN_CHANGE_PERCENT}% are left out);
 *   <li><b>routing</b>: among the agents that performed a task type (each at least {@value
 *       #MIN_SAMPLES} times), the preference order follows their success rates, when the best beats
 *       the currently preferred one by {@value #MIN_SUCCESS_GAP} points or more (only for steps
 *       routed by {@code requires}, at most once a week per task type).
 * </ul>
 */
public final class Tuner {
  static final int MIN_SAMPLES = 3;
  static final int MAX_STEP_PERCENT = 50;
  static final int MIN_CHANGE_PERCENT = 10;
  static final double MIN_SUCCESS_GAP = 10;

  private Tuner() {}

  /** One change the tuner wants, with its figures; {@link #apply} commits it. */
  public record Change(
      String kind,
      String workflow,
      String step,
      String change,
      String reason,
      Map<String, Object> figures) {}

  /**
   * The changes the period's observations call for; estimates in {@code tunedToday} ({@code
   * workflow/step}) were moved in the last day already and are left alone (at most ±50% a day);
   * routing preferences in {@code routedThisWeek} changed less than a week ago and stay until the
   * weekly review has judged them (a preference does not flip on a few days' noise).
   */
  public static List<Change> propose(
      Observations o,
      Configuration config,
      java.util.Set<String> tunedToday,
      java.util.Set<String> routedThisWeek) {
    List<Change> out = new ArrayList<>();
    Map<String, List<AttemptFact>> byType =
        o.attempts().stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.workflow() + "\u0000" + a.taskType(),
                    TreeMap::new,
                    Collectors.toList()));
    byType.forEach((key, attempts) -> {
      String wf = key.substring(0, key.indexOf('\u0000'));
      String step = key.substring(key.indexOf('\u0000') + 1);
      if (!tunedToday.contains(wf + "/" + step))
        estimate(wf, step, attempts, config.tuning(wf)).ifPresent(out::add);
      if (o.routed().contains(wf + "/" + step) && !routedThisWeek.contains(wf + "/" + step))
        routing(wf, step, attempts, config.tuning(wf)).ifPresent(out::add);
    });
    return out;
  }

  static Optional<Change> estimate(String wf, String step, List<AttemptFact> attempts, Tuning t) {
    List<AttemptFact> ok = attempts.stream().filter(AttemptFact::succeeded).toList();
    long base =
        t.estimates().containsKey(step)
            ? t.estimates().get(step).toMillis()
            : attempts.getLast().estimateMillis();
    if (base <= 0 || ok.size() < MIN_SAMPLES) return Optional.empty();
    long p75 = Figures.quantile(ok.stream().map(AttemptFact::durationMillis).toList(), 0.75);
    long bounded =
        Math.max(
            base * (100 - MAX_STEP_PERCENT) / 100,
            Math.min(base * (100 + MAX_STEP_PERCENT) / 100, p75));
    long next = Math.max(1000, Math.round(bounded / 1000.0) * 1000);
    if (Math.abs(next - base) * 100 < base * MIN_CHANGE_PERCENT) return Optional.empty();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("kind", "estimate");
    f.put("workflow", wf);
    f.put("step", step);
    f.put("previousMillis", t.estimates().containsKey(step) ? base : null);
    f.put("fromMillis", base);
    f.put("toMillis", next);
    f.put("p75Millis", p75);
    f.put("samples", ok.size());
    f.put("estimateErrorPct", estimateError(ok));
    f.put("runs", runs(ok));
    return Optional.of(
        new Change(
            "estimate",
            wf,
            step,
            "estimate of " + wf + "/" + step + ": " + fmt(base) + " -> " + fmt(next),
            "observed 75th percentile "
                + fmt(p75)
                + " over "
                + ok.size()
                + " succeeded attempts; moved at most "
                + MAX_STEP_PERCENT
                + "% a day",
            f));
  }

  static Optional<Change> routing(String wf, String step, List<AttemptFact> attempts, Tuning t) {
    Map<String, List<AttemptFact>> byAgent =
        attempts.stream()
            .collect(Collectors.groupingBy(AttemptFact::agent, TreeMap::new, Collectors.toList()));
    Map<String, Double> rate = new TreeMap<>();
    byAgent.forEach((a, xs) -> {
      if (xs.size() >= MIN_SAMPLES) rate.put(a, Figures.success(xs));
    });
    if (rate.size() < 2) return Optional.empty();
    List<String> order =
        rate.keySet().stream()
            .sorted(Comparator.comparingDouble((String a) -> -rate.get(a)).thenComparing(a -> a))
            .toList();
    List<String> current = t.routing().getOrDefault(step, List.of());
    String incumbent = current.isEmpty() ? null : current.getFirst();
    double gap =
        rate.get(order.getFirst())
            - (incumbent != null && rate.containsKey(incumbent)
                ? rate.get(incumbent)
                : rate.get(order.getLast()));
    if (order.equals(current) || order.getFirst().equals(incumbent) || gap < MIN_SUCCESS_GAP)
      return Optional.empty();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("kind", "routing");
    f.put("workflow", wf);
    f.put("step", step);
    f.put("previous", current);
    f.put("order", order);
    f.put("successPct", rate);
    f.put("firstSuccessPct", Figures.firstSuccess(attempts));
    f.put("samples", attempts.size());
    f.put("runs", runs(attempts));
    return Optional.of(
        new Change(
            "routing",
            wf,
            step,
            "routing preference of " + wf + "/" + step + ": " + String.join(" > ", order),
            "success rates over the period: "
                + order.stream()
                    .map(a -> a + " " + Math.round(rate.get(a)) + "%")
                    .collect(Collectors.joining(", ")),
            f));
  }

  /** Commits one change as a new configuration version. */
  public static Optional<ConfigVersion> apply(ConfigBook book, String author, Change c) {
    return book.commit(
        author,
        c.change(),
        c.reason(),
        c.figures(),
        config ->
            config.with(
                c.workflow(),
                t ->
                    switch (c.kind()) {
                      case "estimate" ->
                          Configuration.estimate(
                              t,
                              c.step(),
                              Duration.ofMillis(
                                  ((Number) c.figures().get("toMillis")).longValue()));
                      default -> {
                        @SuppressWarnings("unchecked")
                        List<String> order = (List<String>) c.figures().get("order");
                        yield Configuration.routing(t, c.step(), order);
                      }
                    }));
  }

  /** Mean absolute error of the estimates in effect, in percent of the estimate. */
  static Double estimateError(List<AttemptFact> ok) {
    List<AttemptFact> with = ok.stream().filter(a -> a.estimateMillis() > 0).toList();
    if (with.isEmpty()) return null;
    return with.stream()
        .mapToDouble(
            a -> 100.0 * Math.abs(a.durationMillis() - a.estimateMillis()) / a.estimateMillis())
        .average()
        .orElse(0);
  }

  static List<String> runs(List<AttemptFact> xs) {
    return xs.stream().map(AttemptFact::run).distinct().sorted().limit(50).toList();
  }

  static String fmt(long millis) {
    return dev.baton.workflow.Durations.format(Duration.ofMillis(millis));
  }
}
