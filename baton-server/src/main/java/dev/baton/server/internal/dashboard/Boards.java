package dev.baton.server.internal.dashboard;

import static dev.baton.server.internal.dashboard.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.journal.AgentStatus;
import dev.baton.server.internal.MonitoringRoutes;
import dev.baton.server.internal.ServerState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The agents' board (current task, progress, ETA, blockers, support requests) and the alerts. */
final class Boards {
  private Boards() {}

  static String agents(ServerState s, MonitoringRoutes monitoring) {
    Instant now = s.clock().instant();
    StringBuilder b = new StringBuilder("<h1>Agents</h1><div class=\"card\"><h2>Working now</h2>");
    List<AgentStatus> statuses = s.store().agentStatuses();
    if (statuses.isEmpty()) b.append("<p class=\"muted\">No agent has reported yet.</p>");
    else {
      b.append(
          "<table id=\"board\"><tr><th>Agent</th><th>Task</th><th>Progress</th><th class=\"hide-sm\">ETA</th><th>Blockers · support</th><th class=\"hide-sm\">Reported</th></tr>");
      for (AgentStatus a : statuses) {
        Map<String, Object> st = a.status() == null ? Map.of() : a.status();
        int p = a.progress() == null ? 0 : a.progress();
        b.append("<tr><td><b>")
            .append(esc(a.agent()))
            .append("</b></td><td><a href=\"/runs/")
            .append(esc(a.run()))
            .append("\">")
            .append(esc(a.run() + "/" + a.step()))
            .append("</a><br><span class=\"muted\">")
            .append(esc(st.getOrDefault("message", "")))
            .append("</span></td>")
            .append("<td><div class=\"bar\"><div style=\"width:")
            .append(p)
            .append("%\"></div></div>")
            .append(p)
            .append("%</td>")
            .append("<td class=\"hide-sm\">")
            .append(esc(st.getOrDefault("estimatedCompletion", "–")))
            .append("</td><td>")
            .append(esc(listOf(st.get("blockers"))))
            .append(
                st.get("requestedSupport") != null
                    ? " · support: " + esc(listOf(st.get("requestedSupport")))
                    : "")
            .append("</td><td class=\"hide-sm\">")
            .append(Html.ago(a.time(), now))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    b.append("</div><div class=\"card\"><h2>Team and load</h2>");
    JsonNode agents = monitoring.agents();
    if (agents.isEmpty()) b.append("<p class=\"muted\">No agents file in the server's folder.</p>");
    else {
      b.append(
          "<table><tr><th>Agent</th><th>Kind</th><th>Capacity</th><th>Running</th><th>Queued</th><th class=\"hide-sm\">Capabilities</th></tr>");
      for (JsonNode a : agents)
        b.append("<tr><td>")
            .append(esc(a.path("name").asText()))
            .append("</td><td>")
            .append(esc(a.path("kind").asText()))
            .append("</td><td>")
            .append(a.path("capacity").asInt())
            .append("</td><td>")
            .append(a.path("running").asInt())
            .append("</td><td>")
            .append(a.path("queued").asInt())
            .append("</td><td class=\"hide-sm\">")
            .append(
                esc(
                    String.join(
                        ", ", a.path("capabilities").valueStream().map(JsonNode::asText).toList())))
            .append("</td></tr>");
      b.append("</table>");
    }
    return b.append("</div>").toString();
  }

  private static String listOf(Object o) {
    if (o == null) return "–";
    if (o instanceof List<?> l)
      return l.isEmpty()
          ? "–"
          : String.join(
              "; ",
              l.stream()
                  .map(x ->
                      x instanceof Map<?, ?> m
                          ? String.valueOf(m.get("reason"))
                              + (m.get("urgency") != null ? " (" + m.get("urgency") + ")" : "")
                          : String.valueOf(x))
                  .toList());
    return String.valueOf(o);
  }

  static String alerts(MonitoringRoutes monitoring) {
    JsonNode alerts = monitoring.alerts();
    StringBuilder b = new StringBuilder("<h1>Alerts</h1><div class=\"card\">");
    if (alerts.isEmpty()) return b.append("<p class=\"muted\">No alerts.</p></div>").toString();
    b.append(
        "<table id=\"alerts\"><tr><th>Id</th><th>State</th><th>Rule</th><th class=\"hide-sm\">Raised</th><th>Message</th></tr>");
    for (JsonNode a : alerts)
      b.append("<tr><td>")
          .append(esc(a.path("id").asText()))
          .append("</td><td>")
          .append(
              Html.state(a.path("state").asText().equals("open") ? "WAITING" : "SUCCEEDED")
                  .replace(">WAITING<", ">open<")
                  .replace(">SUCCEEDED<", ">resolved<"))
          .append("</td><td>")
          .append(esc(a.path("rule").asText()))
          .append("</td><td class=\"hide-sm\">")
          .append(esc(a.path("raised").asText()))
          .append("</td><td>")
          .append(esc(a.path("message").asText()))
          .append("</td></tr>");
    return b.append("</table></div>").toString();
  }
}
