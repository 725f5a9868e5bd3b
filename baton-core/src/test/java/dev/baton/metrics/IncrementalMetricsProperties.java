package dev.baton.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.ReplanDecision;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.RunJournal.Append;
import dev.baton.store.memory.InMemoryJournalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Incremental metric figures equal a full recomputation, whatever the events and however they are
 * appended.
 */
class IncrementalMetricsProperties {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<String> AGENTS = List.of("api", "db", "qa", "");
  private static final List<String> STEPS =
      List.of("code", "code.1", "code.2", "test", "test.db", "deploy");

  /** One generated event with the minute offset it happens at. */
  record Timed(int minute, Event event) {}

  @Provide
  Arbitrary<List<Timed>> journals() {
    Arbitrary<String> agent = Arbitraries.of(AGENTS).injectNull(0.1);
    Arbitrary<String> step = Arbitraries.of(STEPS).injectNull(0.05);
    Arbitrary<Integer> rating = Arbitraries.integers().between(1, 10).injectNull(0.5);
    Arbitrary<Long> millis = Arbitraries.longs().between(0, 3_600_000);
    Arbitrary<Event> event =
        Arbitraries.oneOf(
            Combinators.combine(step, agent).as((s, a) -> new Event.StepStarted("p", s, a, 1, "t")),
            Combinators.combine(step, agent, millis)
                .as((s, a, d) -> new Event.StepSucceeded("p", s, a, 1, null, d)),
            Combinators.combine(step, agent, millis)
                .as((s, a, d) -> new Event.StepFailed("p", s, a, 1, "e", d)),
            Combinators.combine(step, agent, millis)
                .as((s, a, d) -> new Event.StepTimedOut("p", s, a, 1, "e", d)),
            Combinators.combine(step, agent).as((s, a) -> new Event.KnowledgeGap(s, a, "k8s", "r")),
            step.map(s -> new Event.Replanned("p", s, ReplanDecision.RETRY, null, "r", List.of())),
            Arbitraries.integers().between(0, 3).map(r -> new Event.Escalated(r, "human", "r")),
            Combinators.combine(step, agent, rating, rating, rating)
                .as((s, a, q, c, u) -> new Event.FeedbackRecorded(s, a, q, c, u, "me")),
            Arbitraries.just(new Event.RunSucceeded()));
    Arbitrary<Timed> timed =
        Combinators.combine(Arbitraries.integers().between(0, 3000), event).as(Timed::new);
    return timed.list().ofMaxSize(60);
  }

  @Property(tries = 300)
  void store_buckets_equal_a_full_recomputation(
      @ForAll("journals") List<Timed> a,
      @ForAll("journals") List<Timed> b,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 3100) int windowStart) {
    Map<String, List<JournalEntry>> journals = new LinkedHashMap<>();
    journals.put("r1", entries("r1", a));
    journals.put("r2", entries("r2", b));
    InMemoryJournalStore store = new InMemoryJournalStore();
    Random random = new Random(seed);
    Map<String, Integer> done = new HashMap<>();
    // interleave the runs' appends in random chunks, as the engine's batches would arrive
    while (done.getOrDefault("r1", 0) < journals.get("r1").size()
        || done.getOrDefault("r2", 0) < journals.get("r2").size()) {
      String run = random.nextBoolean() ? "r1" : "r2";
      List<JournalEntry> j = journals.get(run);
      int from = done.getOrDefault(run, 0);
      if (from >= j.size()) continue;
      int to = Math.min(j.size(), from + 1 + random.nextInt(5));
      store.append(new Append(run, j.subList(from, to), summary(run))).join();
      done.put(run, to);
    }
    long since = MetricDelta.minuteOf(T0) + windowStart;
    assertThat(store.metrics(since)).isEqualTo(Metrics.recompute(journals.values(), since));
    assertThat(withRebuiltTrackers(journals, seed, since))
        .isEqualTo(Metrics.recompute(journals.values(), since));
    assertThat(attemptsByKey(store.metrics(since)))
        .isEqualTo(naiveAttempts(journals.values(), since));
  }

  /**
   * What a store does when it meets a run it has no tracker for: fold the stored prefix, discard
   * its deltas.
   */
  private static List<AgentMetrics> withRebuiltTrackers(
      Map<String, List<JournalEntry>> journals, long seed, long since) {
    MetricBuckets buckets = new MetricBuckets();
    Random random = new Random(seed ^ 0x5DEECE66DL);
    for (List<JournalEntry> j : journals.values()) {
      MetricsTracker t = new MetricsTracker();
      for (int i = 0; i < j.size(); i++) {
        if (random.nextInt(4) == 0) {
          t = new MetricsTracker();
          for (JournalEntry prefix : j.subList(0, i)) t.apply(prefix);
        }
        buckets.add(t.apply(j.get(i)));
      }
    }
    return buckets.since(since);
  }

  /**
   * A plain oracle: finished attempts per agent × task type and per agent (the agent that last
   * started the step when unnamed).
   */
  private static Map<String, Long> naiveAttempts(
      Iterable<List<JournalEntry>> journals, long since) {
    Map<String, Long> out = new TreeMap<>();
    for (List<JournalEntry> j : journals) {
      Map<String, String> startedBy = new HashMap<>();
      for (JournalEntry e : j) {
        String agent = null, step = null;
        switch (e.event()) {
          case Event.StepStarted s -> {
            if (s.step() != null && s.agent() != null && !s.agent().isEmpty())
              startedBy.put(s.step(), s.agent());
          }
          case Event.StepSucceeded s -> {
            agent = s.agent();
            step = s.step();
          }
          case Event.StepFailed s -> {
            agent = s.agent();
            step = s.step();
          }
          case Event.StepTimedOut s -> {
            agent = s.agent();
            step = s.step();
          }
          default -> {}
        }
        if ((agent == null || agent.isEmpty()) && step != null) agent = startedBy.get(step);
        if (agent == null || step == null || MetricDelta.minuteOf(e.time()) < since) continue;
        out.merge(agent + "/" + MetricsTracker.taskType(step), 1L, Long::sum);
        out.merge(agent + "/*", 1L, Long::sum);
      }
    }
    return out;
  }

  private static Map<String, Long> attemptsByKey(List<AgentMetrics> rows) {
    Map<String, Long> out = new TreeMap<>();
    for (AgentMetrics r : rows)
      if (r.tasks() > 0) out.put(r.agent() + "/" + r.taskType().orElse("*"), r.tasks());
    return out;
  }

  private static List<JournalEntry> entries(String run, List<Timed> events) {
    List<Timed> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingInt(Timed::minute));
    List<JournalEntry> out = new ArrayList<>();
    for (Timed t : sorted)
      out.add(
          new JournalEntry(
              run, out.size() + 1, T0.plusSeconds(60L * t.minute() + out.size() % 60), t.event()));
    return out;
  }

  private static RunSummary summary(String run) {
    return new RunSummary(
        run, "wf", RunStatus.RUNNING, "normal", Optional.empty(), T0, Optional.empty());
  }
}
