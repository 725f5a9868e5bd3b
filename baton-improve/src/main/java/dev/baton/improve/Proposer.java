package dev.baton.improve;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.improve.Observations.GapFact;
import dev.baton.improve.Observations.PhaseFact;
import dev.baton.meta.TriageExample;
import dev.baton.monitoring.AlertRule;
import dev.baton.monitoring.MonitoringConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 *   <li><b>specialist</b> for a capability that agents lacked {@value #REPEATS} times or more;
 *   <li><b>profile</b>: keywords for an agent that reports moved to it by corrections share;
 *   <li><b>threshold</b> of an alert rule ({@code failure-rate}, {@code overrun}) that flags most
 *       of the work in the period instead of singling out problems.
 * </ul>
 */
public final class Proposer {
  static final int MIN_ATTEMPTS = 5;
  static final double GAP = 20;
  static final int REPEATS = 2;
  static final int THRESHOLD_PAIRS = 3;

  private Proposer() {}

  /** A proposal not opened yet. */
  public record Draft(
      String kind, String subject, String change, String reason, Map<String, Object> details) {}

  /**
   * The proposals the period calls for, leaving out what the configuration already holds; {@code
   * monitoring} is the alert rules in effect (baton.yaml's with the configuration's thresholds).
   */
  public static List<Draft> propose(
      Observations o, MonitoringConfig monitoring, Configuration config) {
    return propose(o, monitoring, config, List.of());
  }

  /**
   * The same, with the meta agent's examples learned in the period (corrections of who should
   * lead): they may call for {@code profile} proposals.
   */
  public static List<Draft> propose(
      Observations o,
      MonitoringConfig monitoring,
      Configuration config,
      List<TriageExample> corrections) {
    return propose(ReviewKind.DAILY, o, monitoring, config, corrections);
  }

  /**
   * The proposals of a review of {@code kind}: the weekly review adds workflow optimisations and
   * the monthly one workflow redesigns ({@link WorkflowProposer}) to the daily kinds.
   */
  public static List<Draft> propose(
      ReviewKind kind,
      Observations o,
      MonitoringConfig monitoring,
      Configuration config,
      List<TriageExample> corrections) {
    return propose(kind, o, monitoring, config, corrections, Map.of());
  }

  /**
   * The same, knowing the words each agent's profile already has (its keywords and capabilities in
   * the agents files of the runs its corrections came from): a {@code profile} proposal never
   * proposes those.
   */
  public static List<Draft> propose(
      ReviewKind kind,
      Observations o,
      MonitoringConfig monitoring,
      Configuration config,
      List<TriageExample> corrections,
      Map<String, Set<String>> ownWords) {
    List<Draft> out = new ArrayList<>();
    if (kind == ReviewKind.WEEKLY) WorkflowProposer.weekly(o, out);
    if (kind == ReviewKind.MONTHLY)
      WorkflowProposer.monthly(o, monitoring.rule(AlertRule.FAILURE_RATE).threshold(), out);
    profiles(corrections, config, ownWords, out);
    reassign(o, monitoring.rule(AlertRule.FAILURE_RATE).threshold(), out);
    budgets(o, out);
    specialists(o, out);
    failureRateThreshold(o, monitoring, config, out);
    overrunThreshold(o, monitoring, config, out);
    return out.stream().filter(d -> !holds(config, d)).toList();
  }

  /**
   * threshold of {@code failure-rate}: when more than half of the agent × task types with enough
   * attempts fail more than the threshold, the alert no longer singles out a problem (it flags most
   * of the work, every day); the proposal is their median failure rate rounded up to 5 points, so
   * the worse half stay flagged. At least {@value #THRESHOLD_PAIRS} agent × task types.
   */
  private static void failureRateThreshold(
      Observations o, MonitoringConfig m, Configuration c, List<Draft> out) {
    MonitoringConfig.RuleSettings rule = m.rule(AlertRule.FAILURE_RATE);
    if (!rule.enabled()) return;
    Map<String, List<AttemptFact>> pairs =
        o.attempts().stream()
            .collect(
                Collectors.groupingBy(
                    a -> a.agent() + " × " + a.workflow() + "/" + a.taskType(),
                    TreeMap::new,
                    Collectors.toList()));
    List<Double> rates = new ArrayList<>();
    Map<String, Object> byPair = new LinkedHashMap<>();
    List<String> flagged = new ArrayList<>();
    List<AttemptFact> behind = new ArrayList<>();
    pairs.forEach((pair, xs) -> {
      if (xs.size() < Math.max(rule.minSamples(), MIN_ATTEMPTS)) return;
      double rate = 100 - Figures.success(xs);
      rates.add(rate);
      byPair.put(pair, rate);
      behind.addAll(xs);
      if (rate > rule.threshold()) flagged.add(pair + " " + Math.round(rate) + "%");
    });
    if (rates.size() < THRESHOLD_PAIRS || flagged.size() * 2 <= rates.size()) return;
    double median = quantile(rates, 0.5);
    double to = Math.min(100, Math.ceil(median / 5) * 5);
    if (to <= rule.threshold()) return;
    Map<String, Object> d = thresholdDetails(AlertRule.FAILURE_RATE, rule, c, to);
    d.put("pairs", rates.size());
    d.put("flagged", flagged);
    d.put("medianPct", median);
    d.put("flaggedPct", 100.0 * flagged.size() / rates.size());
    d.put("failurePctByPair", byPair);
    d.put("runs", Tuner.runs(behind));
    out.add(
        new Draft(
            "threshold",
            AlertRule.FAILURE_RATE.id(),
            thresholdChange(AlertRule.FAILURE_RATE, rule.threshold(), to),
            flagged.size()
                + " of "
                + rates.size()
                + " agent × task types failed more than "
                + pct(rule.threshold())
                + " of their attempts in the period ("
                + String.join(", ", flagged)
                + "): the alert flags most of the work; their median failure rate is "
                + pct(median)
                + ", so at "
                + pct(to)
                + " the worse half stay flagged",
            d));
  }

  /**
   * threshold of {@code overrun}: when more than a quarter of the succeeded attempts with an
   * estimate ran past the threshold (percent of the estimate), the alert fires on routine work; the
   * proposal is the 90th percentile of their duration ÷ estimate, rounded up to 10 points. At least
   * {@value #MIN_ATTEMPTS} such attempts.
   */
  private static void overrunThreshold(
      Observations o, MonitoringConfig m, Configuration c, List<Draft> out) {
    MonitoringConfig.RuleSettings rule = m.rule(AlertRule.OVERRUN);
    if (!rule.enabled()) return;
    List<AttemptFact> timed =
        o.attempts().stream().filter(a -> a.succeeded() && a.estimateMillis() > 0).toList();
    if (timed.size() < MIN_ATTEMPTS) return;
    List<Double> ratios =
        timed.stream().map(a -> 100.0 * a.durationMillis() / a.estimateMillis()).toList();
    long over = ratios.stream().filter(r -> r >= rule.threshold()).count();
    if (over * 4 <= timed.size()) return;
    double p90 = quantile(ratios, 0.9);
    double to = Math.ceil(p90 / 10) * 10;
    if (to <= rule.threshold()) return;
    Map<String, Object> d = thresholdDetails(AlertRule.OVERRUN, rule, c, to);
    d.put("attempts", timed.size());
    d.put("overran", over);
    d.put("p90Pct", p90);
    d.put("overranPct", 100.0 * over / timed.size());
    d.put(
        "runs",
        Tuner.runs(
            timed.stream()
                .filter(a -> 100.0 * a.durationMillis() / a.estimateMillis() >= rule.threshold())
                .toList()));
    out.add(
        new Draft(
            "threshold",
            AlertRule.OVERRUN.id(),
            thresholdChange(AlertRule.OVERRUN, rule.threshold(), to),
            over
                + " of "
                + timed.size()
                + " succeeded attempts with an estimate ran past "
                + pct(rule.threshold())
                + " of it in the period: the alert fires on routine work; 90% of them took at most "
                + pct(p90)
                + " of their estimate",
            d));
  }

  /** Words too common to tell one agent's work from another's. */
  private static final Set<String> STOP =
      Set.of(
          "about",
          "after",
          "again",
          "also",
          "been",
          "before",
          "being",
          "but",
          "cannot",
          "could",
          "does",
          "doesn",
          "done",
          "each",
          "every",
          "from",
          "have",
          "into",
          "just",
          "like",
          "more",
          "most",
          "much",
          "never",
          "only",
          "other",
          "over",
          "same",
          "should",
          "some",
          "still",
          "such",
          "than",
          "that",
          "their",
          "them",
          "then",
          "there",
          "these",
          "they",
          "this",
          "those",
          "through",
          "very",
          "were",
          "what",
          "when",
          "where",
          "which",
          "while",
          "will",
          "with",
          "would",
          "your",
          "please",
          "today",
          "yesterday",
          "since",
          "because",
          "works",
          "work",
          "working");

  /**
   * profile: reports the meta agent's triage got wrong and that people (or escalation rules) moved
   * to the same agent, {@value #REPEATS} or more in the period, share words that no report moved to
   * another agent has: those words are proposed as keywords of that agent's profile, so that the
   * next reports like them are its to lead even with no example near them. Words its profile has
   * already (approved before, or in its agents file: {@code ownWords}) are not proposed. At most
   * five words, the most shared first.
   */
  private static void profiles(
      List<TriageExample> corrections,
      Configuration c,
      Map<String, Set<String>> ownWords,
      List<Draft> out) {
    Map<String, List<TriageExample>> byAgent =
        corrections.stream()
            .collect(
                Collectors.groupingBy(TriageExample::agent, TreeMap::new, Collectors.toList()));
    byAgent.forEach((agent, xs) -> {
      if (xs.size() < REPEATS) return;
      Set<String> elsewhere = new HashSet<>();
      for (TriageExample x : corrections) if (!x.agent().equals(agent)) elsewhere.addAll(words(x));
      Set<String> has = new HashSet<>(c.profiles().getOrDefault(agent, List.of()));
      has.addAll(ownWords.getOrDefault(agent, Set.of()));
      Map<String, Integer> shared = new TreeMap<>();
      for (TriageExample x : xs)
        for (String w : words(x))
          if (!elsewhere.contains(w) && !has.contains(w)) shared.merge(w, 1, Integer::sum);
      List<String> words =
          shared.entrySet().stream()
              .filter(e -> e.getValue() >= REPEATS)
              .sorted(
                  java.util.Comparator.comparingInt((Map.Entry<String, Integer> e) -> -e.getValue())
                      .thenComparing(Map.Entry::getKey))
              .limit(5)
              .map(Map.Entry::getKey)
              .toList();
      if (words.isEmpty()) return;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("agent", agent);
      d.put("keywords", words);
      d.put("examples", xs.stream().map(TriageExample::id).toList());
      d.put(
          "runs",
          xs.stream().map(TriageExample::origin).filter(r -> !r.isEmpty()).distinct().toList());
      List<String> counted = words.stream().map(w -> w + " (" + shared.get(w) + ")").toList();
      out.add(
          new Draft(
              "profile",
              agent,
              "add keywords " + String.join(", ", words) + " to the profile of " + agent,
              xs.size()
                  + " reports were moved to "
                  + agent
                  + " in the period ("
                  + String.join(", ", xs.stream().map(TriageExample::id).toList())
                  + "); they share words no report moved elsewhere has: "
                  + String.join(", ", counted),
              d));
    });
  }

  /** The distinct words of an example's report: lower case, four letters or more, no stop words. */
  static Set<String> words(TriageExample x) {
    return words(x.report());
  }

  /** The distinct words of {@code text}, as {@link #words(TriageExample)} counts them. */
  static Set<String> words(String text) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+"))
      if (w.length() >= 4 && !STOP.contains(w) && !w.chars().allMatch(Character::isDigit))
        out.add(w);
    return out;
  }

  private static Map<String, Object> thresholdDetails(
      AlertRule rule, MonitoringConfig.RuleSettings settings, Configuration c, double to) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("rule", rule.id());
    d.put("from", settings.threshold());
    d.put("to", to);
    Double previous = c.thresholds().get(rule.id());
    if (previous != null) d.put("previous", previous);
    return d;
  }

  private static String thresholdChange(AlertRule rule, double from, double to) {
    return "threshold of alert rule " + rule.id() + ": " + pct(from) + " -> " + pct(to);
  }

  private static String pct(double v) {
    return Math.round(v) + "%";
  }

  /** The {@code q} quantile of {@code values} (nearest rank). */
  static double quantile(List<Double> values, double q) {
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
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
      case "profile" ->
          c.profiles()
              .getOrDefault(Changes.str(x, "agent"), List.of())
              .containsAll(Changes.words(x));
      case "threshold" -> {
        Double t = c.thresholds().get(Changes.str(x, "rule"));
        yield t != null && t >= ((Number) x.get("to")).doubleValue();
      }
      default -> WorkflowProposer.holds(c, d);
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
