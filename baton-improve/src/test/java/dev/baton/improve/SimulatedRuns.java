package dev.baton.improve;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.ReplanDecision;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import dev.baton.tuning.Tuning;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deterministic generator of journals of the workflow {@code sim}, as the engine writes them,
 * with known behaviour:
 *
 * <ul>
 *   <li>{@code build} (agent a, estimate 10m) takes 4, 5 or 6 minutes: its estimate is too long;
 *   <li>{@code route} (routed between b and c, by the run's preference, else by name): b succeeds 6
 *       times in 10; c 9 in 10 until {@link #degradeAfter}, then 1 in 10. A failed first attempt is
 *       re-planned to the other agent;
 *   <li>{@code test} (agent d) fails every other run, then e does it;
 *   <li>phase {@code deploy} (budget 5m, or as tuned) takes 7 minutes every other run;
 *   <li>every third run reports a knowledge gap for {@code k8s}.
 * </ul>
 */
final class SimulatedRuns {
  private final JournalStore store;
  private final ConfigBook config;
  private final Instant degradeAfter;
  private int runs;
  private int routeB, routeC;

  SimulatedRuns(JournalStore store, ConfigBook config, Instant degradeAfter) {
    this.store = store;
    this.config = config;
    this.degradeAfter = degradeAfter;
  }

  /** One run of {@code sim}, started at {@code start}. */
  void run(Instant start) {
    int n = ++runs;
    String id = "sim-" + n;
    Tuning tuning = config.forWorkflow("sim");
    List<Event> ev = new ArrayList<>();
    ev.add(new Event.RunStarted("sim", "normal", Map.of(), null));
    if (tuning.version() > 0) ev.add(tuning.event());
    long buildMillis = Duration.ofMinutes(4 + n % 3).toMillis();
    long estimate = tuning.estimates().getOrDefault("build", Duration.ofMinutes(10)).toMillis();
    phase(ev, "build", List.of("build"));
    ev.add(new Event.HandoffSent("build", "a", 1, Map.of("estimatedTime", estimate / 60_000)));
    ev.add(new Event.StepStarted("build", "build", "a", 1, "Build"));
    ev.add(new Event.StepSucceeded("build", "build", "a", 1, null, buildMillis));
    ev.add(new Event.PhaseSucceeded("build"));

    phase(ev, "route", List.of("route"));
    List<String> order = new ArrayList<>(tuning.preference("route"));
    for (String a : List.of("b", "c")) if (!order.contains(a)) order.add(a);
    String first = order.get(0), second = order.get(1);
    boolean degraded = !start.isBefore(degradeAfter);
    if (attempt(ev, "route", first, 1, ok(first, degraded))) {
      ev.add(new Event.PhaseSucceeded("route"));
    } else {
      ev.add(
          new Event.Replanned("route", "route", ReplanDecision.REASSIGN, second, "failed", null));
      attempt(ev, "route", second, 2, ok(second, degraded));
      ev.add(new Event.PhaseSucceeded("route"));
    }

    phase(ev, "test", List.of("test"));
    if (!attempt(ev, "test", "d", 1, n % 2 == 0)) {
      ev.add(new Event.Replanned("test", "test", ReplanDecision.REASSIGN, "e", "failed", null));
      attempt(ev, "test", "e", 2, true);
    }
    if (n % 3 == 0) ev.add(new Event.KnowledgeGap("test", "d", "k8s", "no kubernetes skills"));
    ev.add(new Event.PhaseSucceeded("test"));

    phase(ev, "deploy", List.of("deploy"));
    attempt(ev, "deploy", "f", 1, true);
    long budget = tuning.budgets().getOrDefault("deploy", Duration.ofMinutes(5)).toMillis();
    if (n % 2 == 1 && budget < 420_000)
      ev.add(new Event.PhaseBudgetExceeded("deploy", "past budget", budget, 420_000));
    ev.add(new Event.PhaseSucceeded("deploy"));
    ev.add(new Event.RunSucceeded());

    // events 1 minute apart, except that phase deploy lasts 7 minutes in odd runs
    List<JournalEntry> entries = new ArrayList<>();
    Instant t = start;
    for (int i = 0; i < ev.size(); i++) {
      Event e = ev.get(i);
      if (e instanceof Event.PhaseSucceeded p && p.phase().equals("deploy"))
        t = t.plus(Duration.ofMinutes(n % 2 == 1 ? 7 : 3));
      entries.add(new JournalEntry(id, i + 1, t, e));
      t = t.plusSeconds(1);
    }
    store
        .append(
            new RunJournal.Append(
                id,
                entries,
                new RunSummary(
                    id,
                    "sim",
                    RunStatus.SUCCEEDED,
                    "normal",
                    Optional.empty(),
                    start,
                    Optional.of(t))))
        .join();
  }

  private boolean ok(String agent, boolean degraded) {
    int i = agent.equals("b") ? routeB++ : routeC++;
    int rate = agent.equals("b") ? 6 : degraded ? 1 : 9;
    return i % 10 < rate;
  }

  /** Steps are named after their phase; {@code route} alone is routed (no agent named). */
  private static void phase(List<Event> ev, String phase, List<String> steps) {
    ev.add(
        new Event.PhaseStarted(
            phase,
            0,
            steps.stream()
                .map(s -> new Event.PlannedStep(s, s, s.equals("route") ? "" : "named", null))
                .toList()));
  }

  private static boolean attempt(List<Event> ev, String step, String agent, int n, boolean ok) {
    ev.add(new Event.StepStarted(step, step, agent, n, step));
    ev.add(
        ok
            ? new Event.StepSucceeded(step, step, agent, n, null, 60_000)
            : new Event.StepFailed(step, step, agent, n, "failed", 60_000));
    return ok;
  }
}
