package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.AgentStatus;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.run.RunSummary;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
 * waiting} for it. With {@code --watch} the board is shown again each time it changes, woken by the
 * store ({@link StoreChanges}), until Ctrl-C.
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

  /** One look at the board: the agents' entries and the steps waiting. */
  private record Board(ArrayNode agents, List<Holding> waits, List<Holding> holdings) {}

  @Override
  public Integer call() throws InterruptedException {
    try (Context ctx = watch ? Context.watching(store) : Context.open(store)) {
      if (!watch) {
        print(System.out, read(ctx));
        return ExitCodes.OK;
      }
      boolean terminal = !json && Terminals.interactive();
      try (StoreChanges changes = StoreChanges.of(ctx, store.spec())) {
        String shown = null;
        while (true) {
          Board board = read(ctx);
          String now = board.agents() + "|" + board.waits();
          if (!now.equals(shown)) {
            shown = now;
            if (terminal) System.out.print("\033[H\033[2J"); // home, clear: the board in place
            else if (!json) System.out.println("— " + CLOCK.format(Instant.now()) + " —");
            print(System.out, board);
            System.out.flush();
          }
          changes.await();
        }
      }
    }
  }

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private static Board read(Context ctx) {
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
    return new Board(array, waits, holdings);
  }

  private void print(PrintStream out, Board board) {
    if (json) {
      if (watch) out.println(board.agents()); // JSON lines: one board per line
      else Json.print(out, board.agents());
      return;
    }
    if (!board.waits().isEmpty()) {
      out.println("Waiting for resources or agents:");
      for (Holding h : board.waits()) {
        out.printf(
            "  %-34s %-8s since %s: %s%n",
            h.holder(), h.priority().word(), h.since(), Holdings.blockers(board.holdings(), h));
      }
      out.println();
    }
    if (board.agents().isEmpty()) {
      out.println("No agent has reported yet.");
      return;
    }
    out.printf(
        "%-14s %-34s %-28s %-7s %-22s %s%n", "AGENT", "TASK", "PROGRESS", "STATE", "ETA", "STATUS");
    for (var n : board.agents()) {
      int p = n.path("progress").asInt(0);
      String bar =
          "[" + "█".repeat(p / 5) + "·".repeat(20 - p / 5) + "] " + String.format("%3d%%", p);
      String text = n.path("message").asText("");
      if (n.path("blockers").size() > 0) text += " blockers: " + n.path("blockers");
      if (n.path("requestedSupport").size() > 0) text += " support: " + n.path("requestedSupport");
      out.printf(
          "%-14s %-34s %-28s %-7s %-22s %s%n",
          n.path("agent").asText(),
          n.path("currentTask").asText(),
          bar,
          n.path("active").asBoolean() ? "active" : "done",
          n.path("estimatedCompletion").asText("-"),
          text);
    }
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
