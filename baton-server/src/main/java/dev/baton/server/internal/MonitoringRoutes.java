package dev.baton.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.CreatedAgent;
import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.metrics.Metrics;
import dev.baton.monitoring.AgentBoard;
import dev.baton.monitoring.AlertJson;
import dev.baton.monitoring.meters.JournalMeters;
import dev.baton.monitoring.meters.Prometheus;
import dev.baton.monitoring.meters.StoreMeters;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.server.Access;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Durations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Agents, the agents' board ({@code status}), metrics, alerts (as the command line's {@code
 * --json}) and Prometheus' {@code /metrics}.
 */
public final class MonitoringRoutes {
  private final ServerState s;
  private final PrometheusMeterRegistry registry = Prometheus.registry();
  private final StoreMeters storeMeters;

  public MonitoringRoutes(ServerState s, Duration window) {
    this.s = s;
    this.storeMeters = new StoreMeters(registry, s.store(), window, s.clock());
    s.baton().subscribe(new JournalMeters(registry));
    // what this server holds for live clients: runs it executes, journal streams open
    io.micrometer.core.instrument.Gauge.builder(
            "baton.server.executing", s.runner(), Runner::executing)
        .description("runs this server executes now")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("baton.server.streams", s.hub(), EventHub::streams)
        .description("live journal streams (Server-Sent Events) open now")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(
            "baton.server.dashboard.streams", s.hub(), EventHub::watchers)
        .description("dashboards' change streams (Server-Sent Events) open now")
        .register(registry);
  }

  public void register(RoutesConfig r) {
    r.get("/api/v1/agents", ctx -> ctx.json(agents()), Access.READ);
    r.get("/api/v1/status", ctx -> ctx.json(AgentBoard.of(s.store()).toJson()), Access.READ);
    r.get("/api/v1/metrics", this::metrics, Access.READ);
    r.get("/api/v1/alerts", ctx -> ctx.json(alerts()), Access.READ);
    r.get("/metrics", this::scrape, Access.READ);
  }

  private void scrape(Context ctx) {
    storeMeters.refresh();
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }

  public List<AgentMetrics> metrics(String agent, Duration window) {
    return s.store().metrics(Metrics.firstMinute(s.clock().instant(), window)).stream()
        .filter(m -> agent == null || m.agent().equals(agent))
        .toList();
  }

  private void metrics(Context ctx) {
    Duration window = Duration.ofHours(24);
    String w = ctx.queryParam("window");
    if (w != null && !w.isBlank()) {
      try {
        window = Durations.parse(w);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("'window': " + e.getMessage());
      }
      if (window.isZero()) throw ApiError.badRequest("'window' must be longer than 0s");
    }
    ctx.json(Documents.metrics(metrics(ctx.queryParam("agent"), window)));
  }

  public ArrayNode alerts() {
    ArrayNode array = Documents.MAPPER.createArrayNode();
    s.store().alerts().stream()
        .sorted(
            Comparator.comparing((Alert a) -> !a.open())
                .thenComparing(Alert::raised, Comparator.reverseOrder()))
        .forEach(a -> array.add(AlertJson.toJson(a)));
    return array;
  }

  /**
   * {@code agents --json}: the server folder's agents file, created specialists, and their load.
   */
  public ArrayNode agents() {
    record Row(String name, String kind, List<String> capabilities, int capacity, String note) {}
    Map<String, Row> rows = new LinkedHashMap<>();
    Path file = s.workflowRoot().resolve("agents.yaml");
    if (Files.isRegularFile(file)) {
      for (AgentSpec a : s.loader().loadAgents(file).agents().values()) {
        if (a.kind() instanceof AgentSpec.Meta) continue;
        rows.put(a.name(), new Row(a.name(), a.kind().word(), a.capabilities(), a.capacity(), ""));
      }
    }
    for (CreatedAgent c : s.store().createdAgents())
      rows.putIfAbsent(
          c.name(),
          new Row(
              c.name(),
              c.kind(),
              c.capabilities(),
              1,
              "created from template " + c.template() + " by run " + c.run()));
    List<Holding> holdings = s.store().arbiter().map(a -> a.holdings()).orElse(List.of());
    for (Holding h : holdings)
      for (Need n : h.needs())
        if (n.isAgentSlot())
          rows.putIfAbsent(
              n.label(),
              new Row(n.label(), "unknown", List.of(), n.capacity(), "seen in the store"));
    ArrayNode array = Documents.MAPPER.createArrayNode();
    for (Row r : rows.values()) {
      ObjectNode o = array.addObject();
      o.put("name", r.name());
      o.put("kind", r.kind());
      o.set("capabilities", Documents.MAPPER.valueToTree(r.capabilities()));
      o.put("capacity", r.capacity());
      o.put("running", count(holdings, r.name(), true));
      o.put("queued", count(holdings, r.name(), false));
      if (!r.note().isEmpty()) o.put("note", r.note());
    }
    return array;
  }

  private static long count(List<Holding> all, String agent, boolean granted) {
    return all.stream().filter(h -> h.granted() == granted && h.needs(Need.AGENT + agent)).count();
  }
}
