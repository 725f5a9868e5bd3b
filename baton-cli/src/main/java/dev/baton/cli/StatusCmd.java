package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.monitoring.AgentBoard;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton status}: the agents' board — each agent's latest report: task, progress, ETA,
 * blockers, support requests — and the steps waiting for resources or agents (from the store's
 * arbiter, so every process's waits show). In JSON each agent's entry lists the steps {@code
 * waiting} for it. Through a server it prints the server's board ({@code GET /api/v1/status}),
 * built by the same {@link AgentBoard}.
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
    var remote = store.remote();
    if (remote.isPresent()) {
      JsonNode board = remote.get().get("/api/v1/status");
      return print(board.path("agents"), board.path("waiting"));
    }
    try (Context ctx = Context.open(store)) {
      AgentBoard board = AgentBoard.of(ctx.store);
      return print(board.agents(), board.waiting());
    }
  }

  private int print(JsonNode agents, JsonNode waits) {
    if (json) {
      Json.print(System.out, agents);
      return ExitCodes.OK;
    }
    if (!waits.isEmpty()) {
      System.out.println("Waiting for resources or agents:");
      for (JsonNode w : waits) {
        System.out.printf(
            "  %-34s %-8s since %s: %s%n",
            w.path("holder").asText(),
            w.path("priority").asText(),
            w.path("since").asText(),
            w.path("blockedBy").asText());
      }
      System.out.println();
    }
    if (agents.isEmpty()) {
      System.out.println("No agent has reported yet.");
      return ExitCodes.OK;
    }
    System.out.printf(
        "%-14s %-34s %-28s %-7s %-22s %s%n", "AGENT", "TASK", "PROGRESS", "STATE", "ETA", "STATUS");
    for (JsonNode n : agents) {
      int p = n.path("progress").asInt(0);
      String bar =
          "[" + "█".repeat(p / 5) + "·".repeat(20 - p / 5) + "] " + String.format("%3d%%", p);
      String text = n.path("message").asText("");
      if (n.path("blockers").size() > 0) text += " blockers: " + n.path("blockers");
      if (n.path("requestedSupport").size() > 0) text += " support: " + n.path("requestedSupport");
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
