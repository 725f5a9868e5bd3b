package dev.baton.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.metrics.Alert;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import dev.baton.store.Stores;
import dev.baton.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each alert rule fires once and resolves when its condition clears; on a SQLite store. */
class AlertRulesTest {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T10:00:00Z"));
  final List<AlertNotice> sent = new CopyOnWriteArrayList<>();
  final Map<String, Long> seqs = new HashMap<>();
  JournalStore store;
  AlertMonitor monitor;

  @BeforeEach
  void openStore() {
    store = Stores.sqlite(dir.resolve("baton.db"), clock);
    monitor = new AlertMonitor(store, MonitoringConfig.defaults(), List.of(sent::add), clock);
  }

  @AfterEach
  void closeStore() {
    monitor.close();
    store.close();
  }

  /** Appends to a run and lets the monitor evaluate the batch, as the subscription does. */
  private List<AlertNotice> append(String run, Event... events) {
    long first = seqs.getOrDefault(run, 1L);
    List<JournalEntry> entries = new ArrayList<>();
    for (Event e : events)
      entries.add(new JournalEntry(run, first + entries.size(), clock.instant(), e));
    store
        .append(
            new RunJournal.Append(
                run,
                entries,
                new RunSummary(
                    run,
                    "wf",
                    RunStatus.RUNNING,
                    "normal",
                    Optional.empty(),
                    clock.instant(),
                    Optional.empty())))
        .join();
    seqs.put(run, first + entries.size());
    return monitor.evaluate(entries);
  }

  private static Event start(String step, String agent, int attempt) {
    return new Event.StepStarted("build", step, agent, attempt, "t");
  }

  private void begin(String run, String... steps) {
    List<Event.PlannedStep> planned = new ArrayList<>();
    for (String s : steps) planned.add(new Event.PlannedStep(s, s, "api", null));
    append(
        run,
        new Event.RunStarted("wf", "normal", Map.of(), new Event.Definition("wf", "", null, null)),
        new Event.PhaseStarted("build", 0, planned));
  }

  private List<Alert> openAlerts() {
    return store.alerts().stream().filter(Alert::open).toList();
  }

  @Test
  void failure_rate_fires_past_20_percent_of_at_least_5_attempts_and_resolves_when_it_drops() {
    for (int i = 1; i <= 4; i++)
      append(
          "r" + i,
          start("impl", "api", 1),
          new Event.StepFailed("build", "impl", "api", 1, "x", 5));
    assertThat(openAlerts()).isEmpty(); // 4 attempts: below the minimum
    List<AlertNotice> raised =
        append(
            "r5",
            start("impl", "api", 1),
            new Event.StepSucceeded("build", "impl", "api", 1, "ok", 5));
    assertThat(raised)
        .singleElement()
        .satisfies(n -> {
          assertThat(n.change()).isEqualTo(AlertNotice.Change.RAISED);
          assertThat(n.alert().rule()).isEqualTo("failure-rate");
          assertThat(n.alert().subject())
              .isEqualTo(Alert.Subject.agent("api", Optional.of("impl")));
          assertThat(n.alert().value()).isEqualTo(80.0);
          assertThat(n.alert().threshold()).isEqualTo(20.0);
        });
    for (int i = 6; i <= 20; i++)
      append(
          "r" + i,
          start("impl", "api", 1),
          new Event.StepSucceeded("build", "impl", "api", 1, "ok", 5));
    assertThat(openAlerts()).isEmpty(); // 4 of 20 failed: 20%, not above the threshold
    assertThat(sent)
        .extracting(AlertNotice::change)
        .containsExactly(AlertNotice.Change.RAISED, AlertNotice.Change.RESOLVED);
    assertThat(store.alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.resolved()).contains(clock.instant()));
  }

  @Test
  void repeated_escalation_fires_at_two_and_resolves_when_the_window_moves_past_them() {
    append(
        "r1",
        start("deploy.1", "ops", 1),
        new Event.KnowledgeGap("deploy.1", "ops", "k8s", "no access"));
    assertThat(openAlerts()).isEmpty();
    append(
        "r2",
        start("deploy.2", "ops", 1),
        new Event.StepFailed("build", "deploy.2", "ops", 1, "x", 1),
        new Event.Escalated(0, "human", "deploys keep failing"));
    assertThat(openAlerts())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.rule()).isEqualTo("repeated-escalation");
          assertThat(a.subject().taskType()).contains("deploy");
          assertThat(a.value()).isEqualTo(2.0);
        });
    monitor.evaluate();
    assertThat(store.alerts()).hasSize(1); // raised once
    clock.advance(Duration.ofHours(25));
    monitor.evaluate();
    assertThat(openAlerts()).isEmpty();
  }

  @Test
  void low_quality_fires_below_7_and_resolves_when_the_mean_recovers() {
    append(
        "r1",
        start("code", "api", 1),
        new Event.FeedbackRecorded("code", "api", 5, null, null, "qa"));
    assertThat(openAlerts())
        .singleElement()
        .satisfies(a -> assertThat(a.rule()).isEqualTo("low-quality"));
    append(
        "r1", new Event.FeedbackRecorded("code", null, 9, null, null, "qa")); // mean 7: not below
    assertThat(openAlerts()).isEmpty();
  }

  @Test
  void low_satisfaction_needs_3_ratings_below_8_and_resolves_when_the_mean_recovers() {
    append(
        "r1", start("code", "api", 1), new Event.StepSucceeded("build", "code", "api", 1, "ok", 5));
    append(
        "r1",
        new Event.FeedbackRecorded(null, null, null, null, 6, "ann"),
        new Event.FeedbackRecorded(null, null, null, null, 7, "bob"));
    assertThat(openAlerts()).isEmpty();
    append("r1", new Event.FeedbackRecorded(null, null, null, null, 7, "cid"));
    assertThat(openAlerts())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.rule()).isEqualTo("low-satisfaction");
          assertThat(a.subject().agent()).contains("api");
          assertThat(a.subject().taskType()).isEmpty();
          assertThat(a.value()).isCloseTo(6.667, org.assertj.core.data.Offset.offset(0.001));
        });
    append(
        "r1",
        new Event.FeedbackRecorded(null, null, null, null, 10, "dan"),
        new Event.FeedbackRecorded(null, null, null, null, 10, "eve"));
    assertThat(openAlerts()).isEmpty(); // 40 / 5 = 8
  }

  @Test
  void overrun_fires_for_an_attempt_past_150_percent_and_resolves_when_it_ends() {
    begin("r1", "code");
    append("r1", start("code", "api", 1));
    append("r1", new Event.EstimateExceeded("build", "code", "api", 1, 600_000, 960_000));
    assertThat(openAlerts())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.rule()).isEqualTo("overrun");
          assertThat(a.subject().run()).contains("r1");
          assertThat(a.subject().step()).contains("code");
          assertThat(a.value()).isEqualTo(160.0);
          assertThat(a.threshold()).isEqualTo(150.0);
        });
    monitor.evaluate(); // from another process: the attempt still runs
    assertThat(openAlerts()).hasSize(1);
    clock.advance(Duration.ofMinutes(1));
    append("r1", new Event.StepSucceeded("build", "code", "api", 1, "ok", 1_020_000));
    assertThat(openAlerts()).isEmpty();
    assertThat(sent)
        .extracting(AlertNotice::change)
        .containsExactly(AlertNotice.Change.RAISED, AlertNotice.Change.RESOLVED);
  }

  @Test
  void phase_budget_fires_when_a_phase_passes_its_budget_and_resolves_when_the_phase_ends() {
    begin("r1", "code");
    append("r1", new Event.PhaseBudgetExceeded("build", "over budget", 3_600_000, 3_700_000));
    assertThat(openAlerts())
        .singleElement()
        .satisfies(a -> {
          assertThat(a.rule()).isEqualTo("phase-budget");
          assertThat(a.subject().step()).contains("build");
        });
    append(
        "r1",
        start("code", "api", 1),
        new Event.StepSucceeded("build", "code", "api", 1, "ok", 5),
        new Event.PhaseSucceeded("build"));
    assertThat(openAlerts()).isEmpty();
  }

  @Test
  void two_monitors_on_one_store_raise_an_alert_once() {
    try (JournalStore other = Stores.sqlite(dir.resolve("baton.db"), clock);
        AlertMonitor second =
            new AlertMonitor(other, MonitoringConfig.defaults(), List.of(), clock)) {
      second.evaluate(); // reads the (empty) alerts journal first: its seq is now stale once the
      // first appends
      append(
          "r1",
          start("code", "api", 1),
          new Event.FeedbackRecorded("code", "api", 2, null, null, "qa"));
      assertThat(second.evaluate()).isEmpty();
      assertThat(store.alerts()).hasSize(1);
    }
  }

  @Test
  void a_disabled_rule_never_fires() {
    MonitoringConfig config =
        new MonitoringConfigLoader(k -> null)
            .parse("monitoring: {rules: {low-quality: {enabled: false}}}", "baton.yaml");
    try (AlertMonitor quiet = new AlertMonitor(store, config, List.of(), clock)) {
      append(
          "r1",
          start("code", "api", 1),
          new Event.FeedbackRecorded("code", "api", 2, null, null, "qa"));
      // the default monitor raised it; the quiet one resolves it, since for it the condition does
      // not hold
      assertThat(quiet.evaluate())
          .singleElement()
          .satisfies(n -> assertThat(n.change()).isEqualTo(AlertNotice.Change.RESOLVED));
    }
  }
}
