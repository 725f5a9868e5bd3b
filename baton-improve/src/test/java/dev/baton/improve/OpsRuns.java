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
 * A deterministic generator of journals of the workflow {@code ops}, as the engine writes them,
 * whose figures call for the weekly and monthly workflow proposals:
 *
 * <ul>
 *   <li>phase {@code prepare}, step {@code check} (agent gil, {@code retries: 1}, or as tuned): in
 *       one run in ten, three in ten after {@link #degradeAfter}, gil fails it and its retry fails
 *       too; hal then does it;
 *   <li>phase {@code notify}, step {@code page}: its {@code when} is false in every run;
 *   <li>phase {@code release}: {@code tag} (pat) fails in even runs, {@code publish} (quin) in odd
 *       ones; rex does the failed one;
 *   <li>phase {@code migrate}, step {@code schema}: mia fails it in even runs, then noa, who fails
 *       every other time it gets it — and the run fails.
 * </ul>
 */
final class OpsRuns {
  private final JournalStore store;
  private final ConfigBook config;
  private final Instant degradeAfter;
  private int runs, noa;

  OpsRuns(JournalStore store, ConfigBook config, Instant degradeAfter) {
    this.store = store;
    this.config = config;
    this.degradeAfter = degradeAfter;
  }

  /** One run of {@code ops}, started at {@code start}. */
  void run(Instant start) {
    int n = ++runs;
    String id = "ops-" + n;
    Tuning tuning = config.forWorkflow("ops");
    List<Event> ev = new ArrayList<>();
    ev.add(new Event.RunStarted("ops", "normal", Map.of(), null));
    if (tuning.version() > 0) ev.add(tuning.event());

    phase(ev, "prepare", "check");
    boolean degraded = !start.isBefore(degradeAfter);
    boolean checkFails = n % 10 == 0 || (degraded && (n % 10 == 3 || n % 10 == 6));
    int retries = tuning.retries().getOrDefault("check", 1);
    int attempt = 1;
    if (attempt(ev, "prepare", "check", "gil", attempt, !checkFails)) {
      ev.add(new Event.PhaseSucceeded("prepare"));
    } else {
      for (int r = 0; r < retries; r++) {
        ev.add(new Event.StepRetrying("prepare", "check", ++attempt, 0, "failed"));
        attempt(ev, "prepare", "check", "gil", attempt, false);
      }
      ev.add(
          new Event.Replanned("prepare", "check", ReplanDecision.REASSIGN, "hal", "failed", null));
      attempt(ev, "prepare", "check", "hal", attempt + 1, true);
      ev.add(new Event.PhaseSucceeded("prepare"));
    }

    phase(ev, "notify", "page");
    ev.add(new Event.StepSkipped("notify", "page", "when is false: inputs.urgent"));
    ev.add(new Event.PhaseSucceeded("notify"));

    ev.add(
        new Event.PhaseStarted(
            "release",
            0,
            List.of(
                new Event.PlannedStep("tag", "tag", "pat", null),
                new Event.PlannedStep("publish", "publish", "quin", null))));
    String failing = n % 2 == 0 ? "tag" : "publish";
    for (String step : List.of("tag", "publish")) {
      String agent = step.equals("tag") ? "pat" : "quin";
      if (!attempt(ev, "release", step, agent, 1, !step.equals(failing))) {
        ev.add(
            new Event.Replanned("release", step, ReplanDecision.REASSIGN, "rex", "failed", null));
        attempt(ev, "release", step, "rex", 2, true);
      }
    }
    ev.add(new Event.PhaseSucceeded("release"));

    phase(ev, "migrate", "schema");
    boolean ok = attempt(ev, "migrate", "schema", "mia", 1, n % 2 == 1);
    if (!ok) {
      ev.add(
          new Event.Replanned("migrate", "schema", ReplanDecision.REASSIGN, "noa", "failed", null));
      ok = attempt(ev, "migrate", "schema", "noa", 2, noa++ % 2 == 1);
    }
    if (ok) {
      ev.add(new Event.PhaseSucceeded("migrate"));
      ev.add(new Event.RunSucceeded());
    } else {
      ev.add(new Event.PhaseFailed("migrate", "schema", "failed"));
      ev.add(new Event.RunFailed("schema failed", "schema"));
    }

    List<JournalEntry> entries = new ArrayList<>();
    Instant t = start;
    for (int i = 0; i < ev.size(); i++) {
      entries.add(new JournalEntry(id, i + 1, t, ev.get(i)));
      t = t.plus(Duration.ofMinutes(1));
    }
    store
        .append(
            new RunJournal.Append(
                id,
                entries,
                new RunSummary(
                    id,
                    "ops",
                    ok ? RunStatus.SUCCEEDED : RunStatus.FAILED,
                    "normal",
                    Optional.empty(),
                    start,
                    Optional.of(t))))
        .join();
  }

  private static void phase(List<Event> ev, String phase, String step) {
    String agent = step.equals("page") ? "gil" : step.equals("schema") ? "mia" : "gil";
    ev.add(
        new Event.PhaseStarted(phase, 0, List.of(new Event.PlannedStep(step, step, agent, null))));
  }

  private static boolean attempt(
      List<Event> ev, String phase, String step, String agent, int n, boolean ok) {
    ev.add(new Event.StepStarted(phase, step, agent, n, step));
    ev.add(
        ok
            ? new Event.StepSucceeded(phase, step, agent, n, null, 120_000)
            : new Event.StepFailed(phase, step, agent, n, "failed", 120_000));
    return ok;
  }
}
