package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.AgentStatus;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.run.RunSummary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton status}: the agents' board — each agent's latest report: task, progress, ETA,
 * blockers, support requests — and the steps waiting for resources or agents (from the store's
 * arbiter, so every process's waits show). In JSON each agent's entry lists the steps {@code
 * waiting} for it.
 */
@Command(
    name = "status",
    description = "The agents' board: current task, progress, ETA, blockers, support requests.")
final class StatusCmd implements Callable<Integer> {
  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Context ctx = Context.open(store)) {
      List<AgentStatus> statuses = ctx.store.agentStatuses();
      List<Holding> holdings = Holdings.of(ctx.store);
      List<Holding> waits = holdings.stream().filter(h -> !h.granted()).toList();
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (AgentStatus s : statuses) {
        boolean live =
            ctx.store.run(s.run()).map(RunSummary::state).map(st -> !st.finished()).orElse(false);
        ObjectNode n = array.addObject();
        n.put("agent", s.agent());
        n.put("run", s.run());
        n.put("step", s.step());
        n.put("currentTask", s.run() + "/" + s.step() + "/" + s.attempt());
        n.put("active", live);
        if (s.progress() != null) n.put("progress", s.progress());
        Map<String, Object> st = s.status();
        n.put("estimatedCompletion", str(st.get("estimatedCompletion")));
        n.set("blockers", Json.MAPPER.valueToTree(st.getOrDefault("blockers", List.of())));
        n.set(
            "requestedSupport",
            Json.MAPPER.valueToTree(st.getOrDefault("requestedSupport", List.of())));
        n.put("message", str(st.get("message")));
        n.put("updated", s.time().toString());
        ArrayNode waiting = n.putArray("waiting");
        for (Holding h : waits) {
          if (!h.needs(Need.AGENT + s.agent())) continue;
          ObjectNode w = waiting.addObject();
          w.put("run", h.run());
          w.put("step", h.step());
          w.put("priority", h.priority().word());
          w.put("since", h.since().toString());
          w.put("blockedBy", Holdings.blockers(holdings, h));
        }
      }
      if (json) {
        Json.print(System.out, array);
        return ExitCodes.OK;
      }
      if (!waits.isEmpty()) {
        System.out.println("Waiting for resources or agents:");
        for (Holding h : waits) {
          System.out.printf(
              "  %-34s %-8s since %s: %s%n",
              h.holder(), h.priority().word(), h.since(), Holdings.blockers(holdings, h));
        }
        System.out.println();
      }
      if (statuses.isEmpty()) {
        System.out.println("No agent has reported yet.");
        return ExitCodes.OK;
      }
      System.out.printf(
          "%-14s %-34s %-28s %-7s %-22s %s%n",
          "AGENT", "TASK", "PROGRESS", "STATE", "ETA", "STATUS");
      for (var n : array) {
        int p = n.path("progress").asInt(0);
        String bar =
            "[" + "█".repeat(p / 5) + "·".repeat(20 - p / 5) + "] " + String.format("%3d%%", p);
        String text = n.path("message").asText("");
        if (n.path("blockers").size() > 0) text += " blockers: " + n.path("blockers");
        if (n.path("requestedSupport").size() > 0)
          text += " support: " + n.path("requestedSupport");
        System.out.printf(
            "%-14s %-34s %-28s %-7s %-22s %s%n",
            n.path("agent").asText(),
            n.path("currentTask").asText(),
            bar,
            n.path("active").asBoolean() ? "active" : "done",
            n.path("estimatedCompletion").asText("-"),
            text);
      }
      return ExitCodes.OK;
    }
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
