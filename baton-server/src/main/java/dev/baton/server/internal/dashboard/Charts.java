package dev.baton.server.internal.dashboard;

import static dev.baton.server.internal.dashboard.Html.esc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.JournalEntry;
import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Metrics;
import dev.baton.run.RunSummary;
import dev.baton.server.internal.Documents;
import dev.baton.server.internal.ServerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Charts per agent of the six metrics over the last day, in two-hour buckets (uPlot). Each bucket
 * is folded from the journals of the runs of the day (the newest 500), cut at the bucket's end.
 */
final class Charts {
  static final Duration DAY = Duration.ofHours(24);
  static final Duration BUCKET = Duration.ofHours(2);
  static final int MAX_RUNS = 500;

  private Charts() {}

  static String page(ServerState s) {
    Instant now = s.clock().instant();
    List<List<JournalEntry>> journals = new ArrayList<>();
    s.store().runs().stream()
        .filter(r -> r.started().isAfter(now.minus(DAY.plus(BUCKET))))
        .sorted(Comparator.comparing(RunSummary::started).reversed())
        .limit(MAX_RUNS)
        .forEach(r -> journals.add(s.store().read(r.run(), 0)));
    Map<String, ObjectNode> byAgent = new TreeMap<>();
    ArrayNode times = Documents.MAPPER.createArrayNode();
    int buckets = (int) (DAY.toMinutes() / BUCKET.toMinutes());
    for (int i = buckets - 1; i >= 0; i--) {
      Instant end = now.minus(BUCKET.multipliedBy(i));
      times.add(end.getEpochSecond());
      List<List<JournalEntry>> cut = new ArrayList<>();
      for (List<JournalEntry> j : journals) {
        List<JournalEntry> upTo = j.stream().filter(e -> !e.time().isAfter(end)).toList();
        if (!upTo.isEmpty()) cut.add(upTo);
      }
      for (AgentMetrics m : Metrics.recompute(cut, Metrics.firstMinute(end, BUCKET))) {
        if (m.taskType().isPresent()) continue;
        ObjectNode series =
            byAgent.computeIfAbsent(m.agent(), a -> Documents.MAPPER.createObjectNode());
        int index = buckets - 1 - i;
        put(series, "taskSuccess", index, buckets, m.taskSuccess());
        put(series, "avgCompletionTime", index, buckets, m.avgCompletionTime());
        put(series, "escalationRate", index, buckets, m.escalationRate());
        put(series, "qualityScore", index, buckets, m.qualityScore());
        put(series, "collaborationScore", index, buckets, m.collaborationScore());
        put(series, "userSatisfaction", index, buckets, m.userSatisfaction());
      }
    }
    ObjectNode data = Documents.MAPPER.createObjectNode();
    data.set("times", times);
    byAgent.forEach(data::set);
    StringBuilder b =
        new StringBuilder(
            "<h1>Metrics</h1><p class=\"muted\">Per agent, over the last 24 h in two-hour buckets:"
                + " task success and escalation rate (%), average completion time (min), quality,"
                + " collaboration and satisfaction (1-10).</p>");
    if (byAgent.isEmpty())
      b.append(
          "<div class=\"card\"><p class=\"muted\">No finished attempts in the last day.</p></div>");
    b.append("<div class=\"charts\" id=\"charts\">");
    for (String agent : byAgent.keySet())
      b.append("<div class=\"card\"><h2>")
          .append(esc(agent))
          .append("</h2><div class=\"chart\" data-agent=\"")
          .append(esc(agent))
          .append("\"></div></div>");
    b.append("</div><script src=\"/webjars/uplot/1.6.30/dist/uPlot.iife.min.js\"></script>")
        .append("<script id=\"metrics-data\" type=\"application/json\">")
        .append(data.toString().replace("<", "\\u003c"))
        .append("</script><script>")
        .append(SCRIPT)
        .append("</script>");
    return b.toString();
  }

  private static void put(ObjectNode series, String field, int index, int size, OptionalDouble v) {
    ArrayNode a =
        series.has(field) ? (ArrayNode) series.get(field) : nulls(series.putArray(field), size);
    if (v.isPresent()) a.set(index, Math.round(v.getAsDouble() * 100) / 100.0);
  }

  private static ArrayNode nulls(ArrayNode a, int size) {
    for (int i = 0; i < size; i++) a.addNull();
    return a;
  }

  private static final String SCRIPT =
      """
      (function () {
        const data = JSON.parse(document.getElementById('metrics-data').textContent);
        const metrics = [
          ['taskSuccess', '%', '#12805c'], ['escalationRate', '%', '#b54708'],
          ['avgCompletionTime', 'min', '#1f6feb'], ['qualityScore', '1-10', '#6941c6'],
          ['collaborationScore', '1-10', '#0e7490'], ['userSatisfaction', '1-10', '#c0362c']];
        document.querySelectorAll('.chart').forEach(el => {
          const s = data[el.dataset.agent];
          const width = Math.max(280, el.clientWidth || 360);
          new uPlot({ width, height: 220, scales: { x: { time: true } },
            series: [{}].concat(metrics.map(m => ({ label: m[0] + ' (' + m[1] + ')', stroke: m[2], width: 2, spanGaps: true }))),
            axes: [{}, {}] }, [data.times].concat(metrics.map(m => s[m[0]] || data.times.map(() => null))), el);
        });
      })();
      """;
}
