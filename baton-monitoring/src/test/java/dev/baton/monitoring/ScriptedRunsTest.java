package dev.baton.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.metrics.Metrics;
import dev.baton.run.RunStatus;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.test.ManualClock;
import dev.baton.workflow.*;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metrics and alerts after real runs: in-process agents through {@link Baton} on a SQLite store,
 * with a clock the agents move, so that durations are exact and every figure can be computed by
 * hand.
 */
class ScriptedRunsTest {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-03-02T10:00:00Z"));

  @Test
  void metrics_and_alerts_after_scripted_runs_equal_hand_computed_values() throws Exception {
    AtomicInteger testerCalls = new AtomicInteger();
    Agent coder =
        (h, a) -> {
          clock.advance(Duration.ofMinutes(2));
          return Outcome.succeeded("code");
        };
    Agent tester =
        (h, a) -> {
          clock.advance(Duration.ofMinutes(testerCalls.incrementAndGet() % 2 == 1 ? 1 : 3));
          return a.attempt() == 1 ? Outcome.failed("flaky") : Outcome.succeeded("green");
        };
    Agent reviewer =
        (h, a) -> {
          a.reporter().review("code", 6);
          clock.advance(Duration.ofMinutes(1));
          return Outcome.succeeded("lgtm");
        };
    Workflow wf =
        workflow(
            step("code", "coder", 0), step("test", "tester", 1), step("review", "reviewer", 0));

    try (JournalStore store = Stores.sqlite(dir.resolve("baton.db"), clock);
        AlertMonitor monitor =
            new AlertMonitor(store, MonitoringConfig.defaults(), List.of(), clock);
        Baton baton =
            Baton.builder()
                .store(store)
                .clock(clock)
                .stateDir(dir)
                .agent("coder", coder)
                .agent("tester", tester)
                .agent("reviewer", reviewer)
                .build()) {
      baton.subscribe(monitor.listener());
      for (int i = 0; i < 2; i++) {
        assertThat(baton.start(wf, Map.of()).await().status()).isEqualTo(RunStatus.SUCCEEDED);
      }
      monitor.awaitIdle();

      List<AgentMetrics> m =
          store.metrics(Metrics.firstMinute(clock.instant(), Duration.ofHours(24)));
      assertThat(m)
          .extracting(r -> r.agent() + "/" + r.taskType().orElse("*"))
          .containsExactly(
              "coder/*", "coder/code", "reviewer/*", "reviewer/review", "tester/*", "tester/test");
      AgentMetrics code = row(m, "coder", "code");
      assertThat(code.tasks()).isEqualTo(2);
      assertThat(code.taskSuccess()).hasValue(100.0);
      assertThat(code.avgCompletionTime()).hasValue(2.0);
      assertThat(code.escalationRate()).hasValue(0.0);
      assertThat(code.qualityScore()).hasValue(6.0);
      assertThat(code.collaborationScore()).isEmpty();
      AgentMetrics test = row(m, "tester", "test");
      assertThat(test.tasks()).isEqualTo(4);
      assertThat(test.taskSuccess()).hasValue(50.0);
      assertThat(test.avgCompletionTime()).hasValue(3.0);
      assertThat(row(m, "reviewer", "review").avgCompletionTime()).hasValue(1.0);
      assertThat(m)
          .isEqualTo(
              Metrics.recompute(
                  store.runs().stream().map(r -> store.read(r.run(), 0)).toList(),
                  Metrics.firstMinute(clock.instant(), Duration.ofHours(24))));

      List<Alert> alerts = store.alerts();
      assertThat(alerts)
          .extracting(Alert::rule, a -> a.subject().agent().orElseThrow(), Alert::value)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("low-quality", "coder", 6.0));
      // the tester failed 2 of 4 attempts: 50%, but fewer than the 5 attempts the rule needs
      assertThat(alerts).noneMatch(a -> a.rule().equals("failure-rate"));
    }
  }

  private static AgentMetrics row(List<AgentMetrics> rows, String agent, String taskType) {
    return rows.stream()
        .filter(r -> r.agent().equals(agent) && r.taskType().equals(Optional.of(taskType)))
        .findFirst()
        .orElseThrow();
  }

  static StepSpec step(String id, String agent, int retries) {
    return new StepSpec(
        id,
        new AgentRef.Named(agent),
        List.of(),
        Template.literal("do " + id),
        Optional.empty(),
        Optional.empty(),
        retries,
        Duration.ZERO,
        Optional.empty(),
        Success.NONE,
        Optional.empty(),
        List.of(),
        false,
        false,
        List.of());
  }

  static Workflow workflow(StepSpec... steps) {
    List<String> team = new ArrayList<>();
    for (StepSpec s : steps) team.add(((AgentRef.Named) s.agent()).name());
    Map<String, AgentSpec> agents = new LinkedHashMap<>();
    for (String a : team)
      agents.put(a, new AgentSpec(a, a, List.of(a), List.of(), 1, new AgentSpec.InProcess()));
    agents.put(
        "meta",
        new AgentSpec("meta", "Meta Agent", List.of("triage"), List.of(), 1, new AgentSpec.Meta()));
    Phase phase =
        new Phase(
            "build",
            Mode.SEQUENTIAL,
            List.of(steps),
            Optional.empty(),
            OnFailure.ROLLBACK_AND_REPLAN,
            2,
            false,
            Optional.empty(),
            Optional.empty(),
            false,
            1.5);
    return new Workflow(
        "scripted",
        "",
        Map.of(),
        team,
        agents,
        List.of(),
        Expression.constant("normal"),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of(phase),
        new Workflow.Sources("scripted", "", Optional.empty(), Optional.empty()));
  }
}
