package dev.baton.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.monitoring.meters.JournalMeters;
import dev.baton.monitoring.meters.Prometheus;
import dev.baton.monitoring.meters.StoreMeters;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.test.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetersTest {
  final Instant t0 = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void prometheus_exposition_carries_agent_figures_runs_steps_waits_and_journal_commits() {
    ManualClock clock = ManualClock.at(t0);
    JournalStore store = new InMemoryJournalStore();
    List<JournalEntry> entries =
        List.of(
            new JournalEntry("r1", 1, t0, new Event.StepQueued("build", "impl", "api", "busy")),
            new JournalEntry(
                "r1", 2, t0.plusSeconds(30), new Event.ResourceWaiting("impl", "db", "held")),
            new JournalEntry("r1", 3, t0.plusSeconds(40), new Event.ResourceAcquired("impl", "db")),
            new JournalEntry(
                "r1", 4, t0.plusSeconds(45), new Event.StepStarted("build", "impl", "api", 1, "t")),
            new JournalEntry(
                "r1",
                5,
                t0.plusSeconds(165),
                new Event.StepSucceeded("build", "impl", "api", 1, "ok", 120_000)),
            new JournalEntry("r1", 6, t0.plusSeconds(166), new Event.RunSucceeded()));
    store
        .append(
            new RunJournal.Append(
                "r1",
                entries,
                new RunSummary(
                    "r1",
                    "wf",
                    RunStatus.SUCCEEDED,
                    "normal",
                    Optional.empty(),
                    t0,
                    Optional.of(t0.plusSeconds(166)))))
        .join();

    PrometheusMeterRegistry registry = Prometheus.registry();
    StoreMeters meters = new StoreMeters(registry, store, Duration.ofHours(24), clock);
    meters.refresh();
    new JournalMeters(registry).accept(entries);
    String text = registry.scrape();

    assertThat(text)
        .contains("baton_agent_task_type_tasks{agent=\"api\",task_type=\"impl\"} 1.0")
        .contains("baton_agent_tasks{agent=\"api\"} 1.0")
        .contains("baton_agent_task_success_ratio{agent=\"api\"} 1.0")
        .contains(
            "baton_agent_task_type_completion_seconds{agent=\"api\",task_type=\"impl\"} 120.0");
    assertThat(text).contains("baton_runs{state=\"SUCCEEDED\"} 1.0");
    assertThat(text).contains("baton_journal_commits_total 1.0");
    assertThat(text).contains("baton_journal_events_total 6.0");
    assertThat(text).contains("baton_journal_batch_events 6.0");
    assertThat(text).contains("baton_journal_commit_seconds_count 1");
    assertThat(text).contains("baton_step_queue_wait_seconds_sum{agent=\"api\"} 45.0");
    assertThat(text).contains("baton_resource_wait_seconds_sum{resource=\"db\"} 10.0");
    assertThat(text)
        .contains("baton_step_attempts_seconds_count{agent=\"api\",outcome=\"succeeded\"} 1");
    assertThat(text).contains("baton_runs_finished_total{state=\"SUCCEEDED\"} 1.0");
    assertThat(text)
        .contains(
            "baton_step_attempts_seconds_bucket{agent=\"api\",outcome=\"succeeded\",le=\"300.0\"} 1")
        .contains(
            "baton_step_attempts_seconds_bucket{agent=\"api\",outcome=\"succeeded\",le=\"60.0\"} 0");
    assertFollowsPrometheusConventions(text);
  }

  /**
   * Prometheus' naming conventions: every family has HELP text; base units only (seconds, ratios);
   * counters end in {@code _total}; durations are histograms; no catch-all label values.
   */
  static void assertFollowsPrometheusConventions(String text) {
    java.util.Map<String, String> types = new java.util.TreeMap<>();
    java.util.Map<String, String> help = new java.util.TreeMap<>();
    for (String line : text.lines().toList()) {
      String[] p = line.split(" ", 4);
      if (line.startsWith("# TYPE ")) types.put(p[2], p[3]);
      if (line.startsWith("# HELP ")) help.put(p[2], p.length > 3 ? p[3].strip() : "");
    }
    assertThat(types).isNotEmpty();
    types.forEach((name, type) -> {
      assertThat(help.get(name)).as("HELP of %s", name).isNotBlank();
      assertThat(name).as(name).doesNotContain("percent", "minutes", "millis");
      if (type.equals("counter")) assertThat(name).as(name).endsWith("_total");
      if (name.endsWith("_seconds") && !type.equals("gauge"))
        assertThat(type).as(name).isIn("histogram", "summary");
    });
    assertThat(text).doesNotContain("=\"*\"");
    for (String line : text.lines().filter(l -> l.contains("_ratio{")).toList())
      assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
          .as(line)
          .isBetween(0.0, 1.0);
  }
}
