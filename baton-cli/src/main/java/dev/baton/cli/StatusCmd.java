package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.monitoring.AgentBoard;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton status}: the agents' board — each agent's latest report: task, progress, ETA,
 * blockers, support requests — and the steps waiting for resources or agents (from the store's
 * arbiter, so every process's waits show). In JSON each agent's entry lists the steps {@code
 * waiting} for it. Through a server it prints the server's board ({@code GET /api/v1/status}),
 * built by the same {@link AgentBoard}. With {@code --watch} the board is shown again each time it
 * changes, woken by the store ({@link StoreChanges}), until Ctrl-C.
 */
@Command(
    name = "status",
    description = "The agents' board: current task, progress, ETA, blockers, support requests.")
final class StatusCmd implements Callable<Integer> {
  @Option(names = "--json", description = "print JSON (with --watch: one board per line)")
  boolean json;

  @Option(
      names = "--watch",
      description =
          "keep the board on screen, shown again whenever the store changes (Ctrl-C ends it)")
  boolean watch;

  @Mixin StoreOptions store;

  @Override
  public Integer call() throws InterruptedException {
    var remote = store.remote();
    if (remote.isPresent()) {
      Supplier<JsonNode> read = () -> remote.get().get("/api/v1/status");
      if (!watch) return print(read.get());
      try (StoreChanges changes = StoreChanges.polling()) {
        return watch(read, changes);
      }
    }
    try (Context ctx = watch ? Context.watching(store) : Context.open(store)) {
      Supplier<JsonNode> read = () -> AgentBoard.of(ctx.store).toJson();
      if (!watch) return print(read.get());
      try (StoreChanges changes = StoreChanges.of(ctx, store.spec())) {
        return watch(read, changes);
      }
    }
  }

  /** Shows the board, then again each time it changed, until the process is stopped. */
  private int watch(Supplier<JsonNode> read, StoreChanges changes) throws InterruptedException {
    boolean terminal = !json && Terminals.interactive();
    JsonNode shown = null;
    while (true) {
      JsonNode board = read.get();
      if (!board.equals(shown)) {
        shown = board;
        if (terminal) System.out.print("\033[H\033[2J"); // home, clear: the board in place
        else if (!json) System.out.println("— " + CLOCK.format(Instant.now()) + " —");
        print(board);
        System.out.flush();
      }
      changes.await();
    }
  }

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private int print(JsonNode board) {
    JsonNode agents = board.path("agents");
    if (json && watch) {
      System.out.println(agents); // JSON lines: one board per line
      return ExitCodes.OK;
    }
    return print(agents, board.path("waiting"));
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
