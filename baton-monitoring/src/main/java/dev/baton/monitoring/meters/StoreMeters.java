package dev.baton.monitoring.meters;

import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.metrics.Metrics;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gauges of what the store knows, re-read by {@link #refresh()} (before each scrape): every SPEC §6
 * figure per agent and task type ({@code task_type="*"} for an agent's totals), runs by state, open
 * alerts by rule, open human tasks; and the journal's group commits: commits, events, commit time
 * (a function timer) and the mean batch size.
 */
public final class StoreMeters {
  private final JournalStore store;
  private final Duration window;
  private final Clock clock;
  private final Map<String, MultiGauge> figures = new TreeMap<>();
  private final MultiGauge runs;
  private final MultiGauge alerts;
  private volatile int humanTasks;

  private static final Map<String, Function<AgentMetrics, OptionalDouble>> FIGURES =
      Map.of(
          "baton.agent.tasks", m -> OptionalDouble.of((double) m.tasks()),
          "baton.agent.task.success.percent", AgentMetrics::taskSuccess,
          "baton.agent.completion.minutes", AgentMetrics::avgCompletionTime,
          "baton.agent.escalation.percent", AgentMetrics::escalationRate,
          "baton.agent.quality.score", AgentMetrics::qualityScore,
          "baton.agent.collaboration.score", AgentMetrics::collaborationScore,
          "baton.agent.satisfaction.score", AgentMetrics::userSatisfaction);

  public StoreMeters(MeterRegistry registry, JournalStore store, Duration window, Clock clock) {
    this.store = store;
    this.window = window;
    this.clock = clock;
    FIGURES
        .keySet()
        .forEach(name ->
            figures.put(
                name,
                MultiGauge.builder(name)
                    .description("SPEC §6 agent figure over the last " + window)
                    .register(registry)));
    runs =
        MultiGauge.builder("baton.runs")
            .description("runs in the store by state")
            .register(registry);
    alerts =
        MultiGauge.builder("baton.alerts.open")
            .description("open alerts by rule")
            .register(registry);
    Gauge.builder("baton.human.tasks.open", this, m -> m.humanTasks).register(registry);
    FunctionCounter.builder("baton.journal.commits", store, s -> s.stats().commits())
        .description("group commits of the journal since the store was opened")
        .register(registry);
    FunctionCounter.builder("baton.journal.events", store, s -> s.stats().events())
        .description("events written by those commits")
        .register(registry);
    FunctionTimer.builder(
            "baton.journal.commit",
            store,
            s -> s.stats().commits(),
            s -> s.stats().commitTime().toNanos(),
            TimeUnit.NANOSECONDS)
        .description("time spent in journal commits")
        .register(registry);
    Gauge.builder(
            "baton.journal.batch.size",
            store,
            s -> s.stats().commits() == 0 ? 0 : (double) s.stats().events() / s.stats().commits())
        .description("mean events per commit")
        .register(registry);
  }

  /** Reads the store again. */
  public void refresh() {
    List<AgentMetrics> rows = store.metrics(Metrics.firstMinute(clock.instant(), window));
    FIGURES.forEach((name, figure) -> {
      List<MultiGauge.Row<?>> out = new ArrayList<>();
      for (AgentMetrics m : rows) {
        OptionalDouble v = figure.apply(m);
        if (v.isPresent())
          out.add(
              MultiGauge.Row.of(
                  Tags.of("agent", m.agent(), "task_type", m.taskType().orElse("*")),
                  v.getAsDouble()));
      }
      figures.get(name).register(out, true);
    });
    Map<String, Integer> byState = new TreeMap<>();
    for (RunStatus s : RunStatus.values()) byState.put(s.name(), 0);
    for (RunSummary r : store.runs()) byState.merge(r.state().name(), 1, Integer::sum);
    runs.register(
        byState.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue()))
            .toList(),
        true);
    Map<String, Integer> byRule = new TreeMap<>();
    for (Alert a : store.alerts()) if (a.open()) byRule.merge(a.rule(), 1, Integer::sum);
    alerts.register(
        byRule.entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("rule", e.getKey()), e.getValue()))
            .toList(),
        true);
    humanTasks = store.openHumanTasks().size();
  }
}
