package dev.baton.meta;

import dev.baton.meta.internal.Lexicon;
import dev.baton.meta.internal.Reading;
import dev.baton.meta.internal.Words;
import dev.baton.workflow.AgentSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meta agent's own judgement of who leads a report (docs/conflicts.md), from four signals:
 *
 * <ol>
 *   <li><b>evidence</b>: the report read sentence by sentence ({@link Reading}), its words matched
 *       at word boundaries and stemmed, weighed by role (the cause counts double, a clause ruling
 *       something out counts against it), and its log lines parsed for what they point at; the
 *       evidence reaches an agent through the areas its profile belongs to;
 *   <li><b>the agents' own words</b>: report words that are an agent's keywords, capabilities or
 *       role, worth less when several agents share them;
 *   <li><b>meaning</b>, when a {@link TextEmbedder} is registered: the similarity of the report
 *       with each agent's profile and example tasks;
 *   <li><b>learned examples</b>: the nearest reports whose primary a person or a rule corrected.
 * </ol>
 *
 * <p>The scores become confidences (a softmax); below {@code askBelow} the answer is {@link
 * Triage.Ask}: a person is asked, instead of a guess presented as a decision.
 */
public final class EvidenceTriager implements Triager {
  /** Below this confidence a person is asked (unless configured otherwise). */
  public static final double ASK_BELOW = 0.4;

  private static final double EMBEDDING = 3.0;
  private static final double EXAMPLE = 6.0;
  private static final double EXAMPLE_MIN_EMBEDDED = 0.72;
  private static final double EXAMPLE_MIN_WORDS = 0.45;

  private final Optional<TextEmbedder> embedder;
  private final double askBelow;
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

  public EvidenceTriager(Optional<TextEmbedder> embedder, double askBelow) {
    if (askBelow < 0 || askBelow > 1) throw new IllegalArgumentException("askBelow is 0 to 1");
    this.embedder = embedder;
    this.askBelow = askBelow;
  }

  /** Evidence, the agents' words and learned examples, without embeddings. */
  public EvidenceTriager() {
    this(Optional.empty(), ASK_BELOW);
  }

  @Override
  public Triage triage(TriageRequest request) {
    List<AgentSpec> team = request.team();
    if (team.isEmpty()) return new Triage.Ask(List.of(), List.of("the team has no agent to lead"));
    Reading reading = Reading.of(request.report());
    Map<String, Double> score = new LinkedHashMap<>();
    Map<String, List<String>> why = new HashMap<>();
    for (AgentSpec a : team) {
      score.put(a.name(), 0.0);
      why.put(a.name(), new ArrayList<>());
    }
    evidence(reading, team, score, why);
    ownWords(reading, team, score, why);
    Optional<float[]> report =
        embedder.map(e -> e.embed(reading.prose().isBlank() ? request.report() : reading.prose()));
    report.ifPresent(r -> meaning(r, team, score, why));
    examples(request, reading, report, score, why);
    return decide(score, why);
  }

  private void evidence(
      Reading reading,
      List<AgentSpec> team,
      Map<String, Double> score,
      Map<String, List<String>> why) {
    Map<String, Map<String, Double>> affinity = affinities(team);
    for (AgentSpec a : team) {
      double e = 0;
      for (String area : Lexicon.AREAS)
        e += affinity.get(a.name()).getOrDefault(area, 0.0) * reading.areas().get(area);
      score.merge(a.name(), e, Double::sum);
      List<String> clues = new ArrayList<>();
      for (Reading.Clue c : reading.clues()) {
        if (clues.size() == 3) break;
        if (c.weight() > 0 && affinity.get(a.name()).getOrDefault(c.area(), 0.0) > 0.5)
          if (!clues.contains(c.seen())) clues.add(c.seen());
      }
      if (!clues.isEmpty()) why.get(a.name()).add("evidence: " + String.join(", ", clues));
    }
  }

  /** How much each agent belongs to each area: 1 for the agent whose profile uses it most. */
  private static Map<String, Map<String, Double>> affinities(List<AgentSpec> team) {
    Map<String, Map<String, Double>> hits = new HashMap<>();
    Map<String, Double> max = new HashMap<>();
    for (AgentSpec a : team) {
      Map<String, Double> h = PROFILE_AREAS.computeIfAbsent(a.profileText(), Reading::areasOf);
      hits.put(a.name(), h);
      h.forEach((area, v) -> max.merge(area, v, Math::max));
    }
    Map<String, Map<String, Double>> out = new HashMap<>();
    for (AgentSpec a : team) {
      Map<String, Double> aff = new HashMap<>();
      double own = hits.get(a.name()).values().stream().mapToDouble(d -> d).max().orElse(0);
      hits.get(a.name())
          .forEach((area, v) -> {
            double share = v / max.get(area);
            // an area the agent only touches in passing is not its own
            if (v >= own / 4) aff.put(area, share * share);
          });
      out.put(a.name(), aff);
    }
    return out;
  }

  private static final Map<String, Map<String, Double>> PROFILE_AREAS = new ConcurrentHashMap<>();

  private static void ownWords(
      Reading reading,
      List<AgentSpec> team,
      Map<String, Double> score,
      Map<String, List<String>> why) {
    Map<String, Set<String>> own = new HashMap<>();
    Map<String, Integer> sharedBy = new HashMap<>();
    for (AgentSpec a : team) {
      Set<String> words = new HashSet<>();
      List<String> names = new ArrayList<>(a.keywords());
      names.addAll(a.capabilities());
      names.add(a.name());
      names.add(a.role());
      for (String n : names)
        for (String s : Words.stems(n.replace('-', ' ')))
          if (!STOP.contains(s) && s.length() > 1) words.add(s);
      own.put(a.name(), words);
      for (String s : words) sharedBy.merge(s, 1, Integer::sum);
    }
    for (AgentSpec a : team) {
      double sum = 0;
      List<String> matched = new ArrayList<>();
      for (String s : own.get(a.name())) {
        double w = reading.stems().getOrDefault(s, 0.0);
        if (w == 0) continue;
        sum += w / sharedBy.get(s);
        if (w > 0) matched.add(s);
      }
      score.merge(a.name(), 0.5 * Math.signum(sum) * Math.log1p(Math.abs(sum)), Double::sum);
      if (!matched.isEmpty()) why.get(a.name()).add("its own words: " + String.join(", ", matched));
    }
  }

  private void meaning(
      float[] report,
      List<AgentSpec> team,
      Map<String, Double> score,
      Map<String, List<String>> why) {
    Map<String, Double> sims = new LinkedHashMap<>();
    for (AgentSpec a : team) {
      double profile = TextEmbedder.cosine(report, vector(a.profileText()));
      double best = profile;
      for (String example : a.profile().examples())
        best = Math.max(best, TextEmbedder.cosine(report, vector(example)));
      sims.put(a.name(), (profile + best) / 2);
    }
    double mean = sims.values().stream().mapToDouble(d -> d).average().orElse(0);
    sims.forEach((agent, s) -> {
      score.merge(agent, EMBEDDING * (s - mean), Double::sum);
      why.get(agent).add(String.format(Locale.ROOT, "similarity to its profile %.2f", s));
    });
  }

  private void examples(
      TriageRequest request,
      Reading reading,
      Optional<float[]> report,
      Map<String, Double> score,
      Map<String, List<String>> why) {
    if (request.examples().isEmpty()) return;
    double min = report.isPresent() ? EXAMPLE_MIN_EMBEDDED : EXAMPLE_MIN_WORDS;
    record Near(TriageExample example, double similarity) {}
    List<Near> near = new ArrayList<>();
    for (TriageExample e : request.examples()) {
      if (!score.containsKey(e.agent())) continue;
      double s =
          report.isPresent()
              ? TextEmbedder.cosine(report.get(), vector(Reading.of(e.report()).prose()))
              : wordSimilarity(reading.stems(), Reading.of(e.report()).stems());
      if (s >= min) near.add(new Near(e, s));
    }
    near.sort(Comparator.comparingDouble(Near::similarity).reversed());
    for (Near n : near.subList(0, Math.min(3, near.size()))) {
      double pull = EXAMPLE * (n.similarity() - min) / (1 - min);
      score.merge(n.example().agent(), pull, Double::sum);
      why.get(n.example().agent())
          .add(
              String.format(
                  Locale.ROOT,
                  "nearest example %s (similarity %.2f, %s)",
                  n.example().id(),
                  n.similarity(),
                  n.example().reason()));
    }
  }

  private static double wordSimilarity(Map<String, Double> a, Map<String, Double> b) {
    double dot = 0, na = 0, nb = 0;
    for (var e : a.entrySet()) {
      double x = Math.max(0, e.getValue());
      na += x * x;
      dot += x * Math.max(0, b.getOrDefault(e.getKey(), 0.0));
    }
    for (double y : b.values()) nb += Math.max(0, y) * Math.max(0, y);
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }

  private float[] vector(String text) {
    float[] v = vectors.get(text);
    if (v != null) return v;
    v = embedder.orElseThrow().embed(text);
    if (vectors.size() < 10_000) vectors.put(text, v);
    return v;
  }

  private Triage decide(Map<String, Double> score, Map<String, List<String>> why) {
    double max = score.values().stream().mapToDouble(d -> d).max().orElse(0);
    double sum = 0;
    Map<String, Double> p = new LinkedHashMap<>();
    for (var e : score.entrySet()) {
      double x = Math.exp(e.getValue() - max);
      p.put(e.getKey(), x);
      sum += x;
    }
    List<Triage.Candidate> ranked = new ArrayList<>();
    for (var e : p.entrySet()) ranked.add(new Triage.Candidate(e.getKey(), e.getValue() / sum));
    ranked.sort(Comparator.comparingDouble(Triage.Candidate::confidence).reversed());
    Triage.Candidate best = ranked.getFirst();
    List<String> reasons = new ArrayList<>(why.get(best.agent()));
    if (ranked.size() > 1) {
      Triage.Candidate second = ranked.get(1);
      reasons.add(
          String.format(
              Locale.ROOT,
              "next: %s (%.0f%%)%s",
              second.agent(),
              second.confidence() * 100,
              why.get(second.agent()).isEmpty() ? "" : ": " + why.get(second.agent()).getFirst()));
    }
    List<Triage.Candidate> top = ranked.subList(0, Math.min(3, ranked.size()));
    boolean noEvidence = why.values().stream().allMatch(List::isEmpty);
    if (noEvidence)
      return new Triage.Ask(top, List.of("nothing in the report points at any agent"));
    if (best.confidence() < askBelow) {
      reasons.add(
          0,
          String.format(
              Locale.ROOT, "unsure: %s only %.0f%% likely", best.agent(), best.confidence() * 100));
      return new Triage.Ask(top, reasons);
    }
    return new Triage.Lead(best.agent(), top, reasons);
  }

  private static final Set<String> STOP =
      Set.of("agent", "the", "and", "of", "for", "to", "a", "perform", "performance", "tun");
}
