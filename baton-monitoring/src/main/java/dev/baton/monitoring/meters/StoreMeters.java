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
 * Gauges of what the store knows, re-read by {@link #refresh()} (before each scrape): every
 * docs/monitoring.md figure per agent ({@code baton_agent_*}) and per agent and task type ({@code
 * baton_agent_task_type_*}), runs by state, open alerts by rule, open human tasks; and the
 * journal's group commits: commits, events, commit time (a function timer) and the mean batch size.
 * Names follow Prometheus' conventions: base units (seconds, ratios from 0 to 1), {@code _total}
 * for counters (added by the registry), a HELP text for every family.
 */
public final class StoreMeters {
  private final JournalStore store;
  private final Duration window;
  private final Clock clock;
  private final Map<String, MultiGauge> figures = new TreeMap<>();
  private final MultiGauge runs;
  private final MultiGauge alerts;
  private volatile int humanTasks;

  /**
   * A docs/monitoring.md figure as a gauge: its name after {@code baton_agent_}, its help, its
   * value.
   */
  private record Figure(String name, String help, Function<AgentMetrics, OptionalDouble> value) {}

  private static final List<Figure> FIGURES =
      List.of(
          new Figure(
              "tasks",
              "finished attempts in the window",
              m -> OptionalDouble.of((double) m.tasks())),
          new Figure(
              "task.success.ratio",
              "share of finished attempts that succeeded (0-1)",
              m -> ratio(m.taskSuccess())),
          new Figure(
              "completion.seconds",
              "mean duration of succeeded attempts, in seconds",
              m -> scaled(m.avgCompletionTime(), 60)),
          new Figure(
              "escalation.ratio",
              "share of steps that led to an escalation, a gap or a re-plan (0-1)",
              m -> ratio(m.escalationRate())),
          new Figure("quality.score", "mean quality score (1-10)", AgentMetrics::qualityScore),
          new Figure(
              "collaboration.score",
              "mean rating of handoffs received (1-10)",
              AgentMetrics::collaborationScore),
          new Figure(
              "satisfaction.score",
              "mean user satisfaction of runs taken part in (1-10)",
              AgentMetrics::userSatisfaction));

  private static OptionalDouble ratio(OptionalDouble percent) {
    return scaled(percent, 0.01);
  }

  private static OptionalDouble scaled(OptionalDouble v, double factor) {
    return v.isPresent() ? OptionalDouble.of(v.getAsDouble() * factor) : OptionalDouble.empty();
  }

  public StoreMeters(MeterRegistry registry, JournalStore store, Duration window, Clock clock) {
    this.store = store;
    this.window = window;
    this.clock = clock;
    for (Figure f : FIGURES) {
      figures.put(
          "baton.agent." + f.name(),
          MultiGauge.builder("baton.agent." + f.name())
              .description("Per agent over the last " + window + ": " + f.help())
              .register(registry));
      figures.put(
          "baton.agent.task.type." + f.name(),
          MultiGauge.builder("baton.agent.task.type." + f.name())
              .description("Per agent and task type over the last " + window + ": " + f.help())
              .register(registry));
    }
    runs =
        MultiGauge.builder("baton.runs")
            .description("runs in the store by state")
            .register(registry);
    alerts =
        MultiGauge.builder("baton.alerts.open")
            .description("open alerts by rule")
            .register(registry);
    Gauge.builder("baton.human.tasks.open", this, m -> m.humanTasks)
        .description("human tasks waiting for a decision")
        .register(registry);
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
        .description("time spent in journal commits, in seconds")
        .register(registry);
    Gauge.builder(
            "baton.journal.batch.events",
            store,
            s -> s.stats().commits() == 0 ? 0 : (double) s.stats().events() / s.stats().commits())
        .description("mean events per commit")
        .register(registry);
  }

  /** Reads the store again. */
  public void refresh() {
    List<AgentMetrics> rows = store.metrics(Metrics.firstMinute(clock.instant(), window));
    for (Figure f : FIGURES) {
      List<MultiGauge.Row<?>> totals = new ArrayList<>();
      List<MultiGauge.Row<?>> byType = new ArrayList<>();
      for (AgentMetrics m : rows) {
        OptionalDouble v = f.value().apply(m);
        if (v.isEmpty()) continue;
        if (m.taskType().isPresent())
          byType.add(
              MultiGauge.Row.of(
                  Tags.of("agent", m.agent(), "task_type", m.taskType().get()), v.getAsDouble()));
        else totals.add(MultiGauge.Row.of(Tags.of("agent", m.agent()), v.getAsDouble()));
      }
      figures.get("baton.agent." + f.name()).register(totals, true);
      figures.get("baton.agent.task.type." + f.name()).register(byType, true);
    }
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
