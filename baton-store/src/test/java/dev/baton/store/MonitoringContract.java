package dev.baton.store;

import static dev.baton.store.Journals.T0;
import static dev.baton.store.Journals.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.ReplanDecision;
import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.metrics.Alerts;
import dev.baton.metrics.MetricDelta;
import dev.baton.metrics.Metrics;
import dev.baton.run.RunStatus;
import dev.baton.store.RunJournal.Append;
import dev.baton.test.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JournalStore} must do for monitoring (docs/monitoring.md): metric buckets kept
 * in the append transaction equal to a recomputation from the journals, and the alerts projection.
 */
abstract class MonitoringContract {
  protected final ManualClock clock = ManualClock.start();
  protected String spec;
  protected JournalStore store;
  private final Map<String, Long> nextSeq = new java.util.HashMap<>();

  protected abstract String newStoreSpec() throws Exception;

  /** Opens the store at {@link #spec}: again after {@code close()} when {@link #durable()}. */
  protected JournalStore open() {
    return Stores.open(spec, clock);
  }

  /**
   * Whether what was written survives closing the store, and a second handle (another process) sees
   * it. The in-memory store is not durable; every other promise of this suite holds for it.
   */
  protected boolean durable() {
    return true;
  }

  @BeforeEach
  void openStore() throws Exception {
    spec = newStoreSpec();
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void reopen() {
    assumeTrue(durable(), "a store that survives closing");
    store.close();
    store = open();
  }

  /** Appends events to a run at {@code time}, seq after the run's last. */
  private void at(String run, Instant time, Event... events) {
    long first = nextSeq.getOrDefault(run, 1L);
    List<JournalEntry> entries = new ArrayList<>();
    for (Event e : events) entries.add(new JournalEntry(run, first + entries.size(), time, e));
    store
        .append(
            new Append(
                run, entries, Alerts.STREAM.equals(run) ? null : summary(run, RunStatus.RUNNING)))
        .join();
    nextSeq.put(run, first + entries.size());
  }

  private static Event started(String step, String agent, int attempt) {
    return new Event.StepStarted("build", step, agent, attempt, "do " + step);
  }

  private void scriptedRun(String run, Instant t) {
    at(
        run,
        t,
        new Event.RunStarted(
            "feature", "normal", Map.of(), new Event.Definition("wf.yaml", "", null, null)),
        new Event.PhaseStarted("build", 0, List.of()));
    at(
        run,
        t,
        started("code", "coder", 1),
        new Event.StepFailed("build", "code", "coder", 1, "boom", 1_000));
    at(
        run,
        t,
        started("code", "coder", 2),
        new Event.StepSucceeded("build", "code", "coder", 2, "ok", 120_000));
    at(
        run,
        t,
        started("test.1", "tester", 1),
        new Event.StepSucceeded("build", "test.1", "tester", 1, "ok", 60_000),
        started("test.2", "tester", 1),
        new Event.StepTimedOut("build", "test.2", "tester", 1, "slow", 30_000));
    at(
        run,
        t,
        new Event.Escalated(1, "human", "tests time out"),
        new Event.KnowledgeGap("code", "coder", "kubernetes", "no cluster access"));
    at(
        run,
        t,
        new Event.FeedbackRecorded("code", null, 8, null, null, "reviewer"),
        new Event.FeedbackRecorded(null, null, null, null, 6, "ann"),
        new Event.FeedbackRecorded(null, "coder", null, 9, null, "tester"));
  }

  private List<AgentMetrics> window(Instant now, Duration window) {
    return store.metrics(Metrics.firstMinute(now, window));
  }

  private List<AgentMetrics> recomputed(Instant now, Duration window) {
    List<List<JournalEntry>> journals =
        store.runs().stream().map(r -> store.read(r.run(), 0)).toList();
    return Metrics.recompute(journals, Metrics.firstMinute(now, window));
  }

  private static AgentMetrics row(List<AgentMetrics> rows, String agent, String taskType) {
    return rows.stream()
        .filter(r -> r.agent().equals(agent) && r.taskType().equals(Optional.ofNullable(taskType)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void metrics_of_a_scripted_run_equal_hand_computed_values() {
    scriptedRun("r1", T0);
    List<AgentMetrics> m = window(T0, Metrics.DEFAULT_WINDOW);
    assertThat(m)
        .extracting(r -> r.agent() + "/" + r.taskType().orElse("*"))
        .containsExactly("coder/*", "coder/code", "tester/*", "tester/test");

    AgentMetrics coder = row(m, "coder", null);
    assertThat(coder.tasks()).isEqualTo(2);
    assertThat(coder.taskSuccess()).hasValue(50.0);
    assertThat(coder.avgCompletionTime()).hasValue(2.0);
    assertThat(coder.escalationRate()).hasValue(100.0);
    assertThat(coder.qualityScore()).hasValue(8.0);
    assertThat(coder.collaborationScore()).hasValue(9.0);
    assertThat(coder.userSatisfaction()).hasValue(6.0);

    AgentMetrics code = row(m, "coder", "code");
    assertThat(code.collaborationScore()).isEqualTo(OptionalDouble.empty());
    assertThat(code.qualityScore()).hasValue(8.0);
    assertThat(code.userSatisfaction()).hasValue(6.0);

    AgentMetrics tester = row(m, "tester", "test");
    assertThat(tester.tasks()).isEqualTo(2);
    assertThat(tester.taskSuccess()).hasValue(50.0);
    assertThat(tester.avgCompletionTime()).hasValue(1.0);
    assertThat(tester.escalationRate()).hasValue(50.0);
    assertThat(tester.qualityScore()).isEmpty();
    assertThat(tester.userSatisfaction()).hasValue(6.0);
    assertThat(row(m, "tester", null).counts()).isEqualTo(tester.counts());

    assertThat(m).isEqualTo(recomputed(T0, Metrics.DEFAULT_WINDOW));
  }

  @Test
  void a_window_sums_only_the_minutes_inside_it() {
    Instant old = T0.minus(Duration.ofHours(30));
    at(
        "r1",
        old,
        started("code", "coder", 1),
        new Event.StepSucceeded("build", "code", "coder", 1, "ok", 60_000));
    at(
        "r1",
        T0,
        started("code.2", "coder", 1),
        new Event.StepFailed("build", "code.2", "coder", 1, "boom", 10));

    AgentMetrics day = row(window(T0, Duration.ofHours(24)), "coder", "code");
    assertThat(day.tasks()).isEqualTo(1);
    assertThat(day.taskSuccess()).hasValue(0.0);
    assertThat(day.avgCompletionTime()).isEmpty();
    AgentMetrics twoDays = row(window(T0, Duration.ofDays(2)), "coder", "code");
    assertThat(twoDays.tasks()).isEqualTo(2);
    assertThat(twoDays.taskSuccess()).hasValue(50.0);
    assertThat(window(T0, Duration.ofHours(24))).isEqualTo(recomputed(T0, Duration.ofHours(24)));
    assertThat(window(T0.plus(Duration.ofDays(3)), Duration.ofHours(24))).isEmpty();
  }

  @Test
  void a_reopened_store_attributes_later_events_from_the_stored_journal() {
    at(
        "r1",
        T0,
        started("code", "coder", 1),
        new Event.StepFailed("build", "code", "coder", 1, "boom", 10));
    reopen();
    // neither event names an agent: the store must fold the stored prefix to know who ran "code"
    at(
        "r1",
        T0,
        new Event.Replanned("build", "code", ReplanDecision.REASSIGN, "other", "failed", List.of()),
        new Event.FeedbackRecorded("code", null, 5, null, null, "reviewer"));
    AgentMetrics code = row(window(T0, Metrics.DEFAULT_WINDOW), "coder", "code");
    assertThat(code.escalationRate()).hasValue(100.0);
    assertThat(code.qualityScore()).hasValue(5.0);
    assertThat(window(T0, Metrics.DEFAULT_WINDOW))
        .isEqualTo(recomputed(T0, Metrics.DEFAULT_WINDOW));
  }

  @Test
  void a_failed_append_adds_nothing_to_the_metrics() {
    at("r1", T0, started("code", "coder", 1));
    List<JournalEntry> clash =
        List.of(
            new JournalEntry(
                "r1", 1, T0, new Event.StepSucceeded("build", "code", "coder", 1, "ok", 5)));
    assertThatThrownBy(
            () -> store.append(new Append("r1", clash, summary("r1", RunStatus.RUNNING))).join())
        .hasRootCauseInstanceOf(dev.baton.journal.JournalConflictException.class);
    at("r1", T0, new Event.StepSucceeded("build", "code", "coder", 1, "ok", 60_000));
    AgentMetrics code = row(window(T0, Metrics.DEFAULT_WINDOW), "coder", "code");
    assertThat(code.tasks()).isEqualTo(1);
    assertThat(code.counts().steps()).isEqualTo(1);
    assertThat(window(T0, Metrics.DEFAULT_WINDOW))
        .isEqualTo(recomputed(T0, Metrics.DEFAULT_WINDOW));
  }

  @Test
  void alerts_are_raised_and_resolved_through_the_alerts_journal() {
    at(
        Alerts.STREAM,
        T0,
        new Event.AlertRaised(
            "A1", "failure-rate", "coder", "code", 40, 20, "40% of 5 attempts failed", null, null));
    at(
        Alerts.STREAM,
        T0.plusSeconds(5),
        new Event.AlertRaised(
            "A2", "overrun", "coder", "code", 160, 150, "attempt past its estimate", "r1", "code"));
    at(
        Alerts.STREAM,
        T0.plusSeconds(60),
        new Event.AlertResolved("A1", "failure-rate", "failure rate back to 10%"));

    List<Alert> alerts = store.alerts();
    assertThat(alerts).extracting(Alert::id).containsExactly("A1", "A2");
    Alert a1 = alerts.getFirst();
    assertThat(a1.open()).isFalse();
    assertThat(a1.resolved()).contains(T0.plusSeconds(60));
    assertThat(a1.subject()).isEqualTo(Alert.Subject.agent("coder", Optional.of("code")));
    assertThat(a1.value()).isEqualTo(40.0);
    Alert a2 = alerts.get(1);
    assertThat(a2.open()).isTrue();
    assertThat(a2.subject().run()).contains("r1");
    assertThat(a2.raised()).isEqualTo(T0.plusSeconds(5));
    assertThat(alerts).isEqualTo(Alerts.fold(store.read(Alerts.STREAM, 0)));
    assertThat(store.runs()).isEmpty();
  }

  @Test
  void deltas_land_in_the_minute_of_their_event() {
    Instant t = Instant.parse("2026-03-01T09:00:59.999Z");
    at("r1", t, started("code", "coder", 1));
    assertThat(window(t.plusMillis(1), Duration.ofSeconds(1)))
        .hasSize(2); // from 09:00, the minute of 09:00:59
    assertThat(window(t.plusSeconds(61), Duration.ofSeconds(1))).isEmpty(); // from 09:01
    assertThat(MetricDelta.minuteOf(t))
        .isEqualTo(MetricDelta.minuteOf(Instant.parse("2026-03-01T09:00:00Z")));
  }
}
