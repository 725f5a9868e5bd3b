package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.JournalEntry;
import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Metrics;
import dev.baton.monitoring.meters.JournalMeters;
import dev.baton.monitoring.meters.Prometheus;
import dev.baton.monitoring.meters.StoreMeters;
import dev.baton.run.RunSummary;
import dev.baton.workflow.Durations;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton metrics}: docs/monitoring.md figures per agent and per agent × task type over a
 * window.
 */
@Command(
    name = "metrics",
    description =
        "Agents' performance over a window: success, completion time, escalations, scores.")
final class MetricsCmd implements Callable<Integer> {
  @Option(names = "--agent", paramLabel = "AGENT", description = "only this agent")
  String agent;

  @Option(
      names = "--window",
      paramLabel = "DURATION",
      description = "e.g. 1h, 7d (default: baton.yaml's window, else 24h)")
  String window;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(
      names = "--prometheus",
      description = "print every meter in the Prometheus exposition format")
  boolean prometheus;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    Duration w = window();
    try (Context ctx = Context.client(store)) {
      if (ctx.remote.isPresent()) return throughServer(ctx.remote.get(), w);
      if (prometheus) {
        System.out.print(scrape(ctx, w));
        return ExitCodes.OK;
      }
      List<AgentMetrics> rows =
          ctx.store.metrics(Metrics.firstMinute(Instant.now(), w)).stream()
              .filter(m -> agent == null || m.agent().equals(agent))
              .toList();
      ModelUsage usage = modelUsage(ctx, w);
      if (json) {
        ArrayNode array = toJson(rows);
        for (var n : array) {
          ModelUsage.Row u = usage.byAgent().get(n.path("agent").asText());
          if (u == null || !n.path("taskType").isNull()) continue;
          ((ObjectNode) n).put("llmCalls", u.calls);
          ((ObjectNode) n).put("tokens", u.tokens());
          ((ObjectNode) n).put("costUsd", Math.round(u.costUsd * 10_000) / 10_000.0);
        }
        Json.print(System.out, array);
        return ExitCodes.OK;
      }
      MetricsTable.print(System.out, rows, Durations.format(w), Terminals.interactive());
      usage.print(System.out);
      return ExitCodes.OK;
    }
  }

  /** The server's figures over the same window, printed the same way. */
  private int throughServer(Remote remote, Duration w) {
    if (prometheus) {
      System.out.print(remote.text("/metrics"));
      return ExitCodes.OK;
    }
    String query = "?window=" + Remote.encode(Durations.format(w));
    if (agent != null) query += "&agent=" + Remote.encode(agent);
    var array = remote.get("/api/v1/metrics" + query);
    if (json) {
      Json.print(System.out, array);
      return ExitCodes.OK;
    }
    List<MetricsTable.Row> rows = new java.util.ArrayList<>();
    for (var n : array) rows.add(MetricsTable.Row.of(n));
    MetricsTable.printRows(System.out, rows, Durations.format(w), Terminals.interactive());
    return ExitCodes.OK;
  }

  private Duration window() {
    if (window == null) return ProjectConfig.monitoring().window();
    try {
      Duration d = Durations.parse(window);
      if (d.isZero()) throw new IllegalArgumentException("the window must be longer than 0s");
      return d;
    } catch (IllegalArgumentException e) {
      throw new UserError("--window: " + e.getMessage());
    }
  }

  /**
   * Store gauges, plus step, queue and resource meters folded from the journals of runs started in
   * the window.
   */
  private static String scrape(Context ctx, Duration w) {
    PrometheusMeterRegistry registry = Prometheus.registry();
    StoreMeters meters = new StoreMeters(registry, ctx.store, w, Clock.systemUTC());
    meters.refresh();
    JournalMeters journal = new JournalMeters(registry);
    Instant since = Instant.now().minus(w);
    for (RunSummary r : ctx.store.runs()) {
      if (r.started().isBefore(since) && r.ended().map(e -> e.isBefore(since)).orElse(false))
        continue;
      List<JournalEntry> entries = ctx.store.read(r.run(), 0);
      journal.accept(entries);
    }
    return registry.scrape();
  }

  static ArrayNode toJson(List<AgentMetrics> rows) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (AgentMetrics m : rows) {
      ObjectNode n = array.addObject();
      n.put("agent", m.agent());
      n.put("taskType", m.taskType().orElse(null));
      n.put("tasks", m.tasks());
      put(n, "taskSuccess", m.taskSuccess());
      put(n, "avgCompletionTime", m.avgCompletionTime());
      put(n, "escalationRate", m.escalationRate());
      put(n, "qualityScore", m.qualityScore());
      put(n, "collaborationScore", m.collaborationScore());
      put(n, "userSatisfaction", m.userSatisfaction());
    }
    return array;
  }

  /** Chat-model tokens and cost per agent, from the journals of runs active in the window. */
  private ModelUsage modelUsage(Context ctx, Duration w) {
    ModelUsage usage = new ModelUsage();
    Instant since = Instant.now().minus(w);
    for (RunSummary r : ctx.store.runs()) {
      if (r.started().isBefore(since) && r.ended().map(e -> e.isBefore(since)).orElse(false))
        continue;
      usage.accept(
          ctx.store.read(r.run(), 0).stream()
              .filter(e -> !e.time().isBefore(since))
              .filter(e -> agent == null || agentOf(e).equals(agent))
              .toList());
    }
    return usage;
  }

  private static String agentOf(JournalEntry e) {
    return e.event() instanceof dev.baton.journal.Event.LlmCalled c && c.agent() != null
        ? c.agent()
        : "";
  }

  /** Two decimals: figures, not measurements of a microscope. */
  private static void put(ObjectNode n, String field, OptionalDouble v) {
    if (v.isEmpty()) n.putNull(field);
    else n.put(field, Math.round(v.getAsDouble() * 100) / 100.0);
  }
}
