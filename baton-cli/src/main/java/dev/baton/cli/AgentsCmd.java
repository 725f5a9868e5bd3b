package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.CreatedAgent;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton agents}: the agents of an agents file and the specialists created from templates
 * (kept by the store), with their load across every process on the store: steps running and queued.
 */
@Command(
    name = "agents",
    description =
        "Agents, capabilities and load (running and queued steps), created specialists included.")
final class AgentsCmd implements Callable<Integer> {
  @Option(
      names = "--agents",
      paramLabel = "FILE",
      description = "agents file (default: agents.yaml here, when present)")
  Path agents;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin StoreOptions store;

  private record Row(
      String name, String kind, List<String> capabilities, int capacity, String note) {}

  @Override
  public Integer call() {
    var remote = store.remote();
    if (remote.isPresent()) {
      if (agents != null)
        throw new UserError("through a server, the agents are those of the server's agents.yaml");
      return print(remote.get().get("/api/v1/agents"));
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    Path file = agents != null ? agents : Path.of("agents.yaml");
    if (agents != null && !Files.isRegularFile(agents))
      throw new UserError("no such agents file: " + agents);
    if (Files.isRegularFile(file)) {
      for (AgentSpec a : WorkflowLoader.standard().loadAgents(file).agents().values()) {
        if (a.kind() instanceof AgentSpec.Meta) continue;
        rows.put(a.name(), new Row(a.name(), a.kind().word(), a.capabilities(), a.capacity(), ""));
      }
    }
    try (Context ctx = Context.client(store)) {
      for (CreatedAgent c : ctx.store.createdAgents()) {
        rows.putIfAbsent(
            c.name(),
            new Row(
                c.name(),
                c.kind(),
                c.capabilities(),
                1,
                "created from template " + c.template() + " by run " + c.run()));
      }
      List<Holding> holdings = Holdings.of(ctx.store);
      for (Holding h : holdings) {
        for (Need n : h.needs()) {
          if (n.isAgentSlot())
            rows.putIfAbsent(
                n.label(),
                new Row(n.label(), "unknown", List.of(), n.capacity(), "seen in the store"));
        }
      }
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (Row r : rows.values()) {
        ObjectNode o = array.addObject();
        o.put("name", r.name());
        o.put("kind", r.kind());
        o.set("capabilities", Json.MAPPER.valueToTree(r.capabilities()));
        o.put("capacity", r.capacity());
        o.put("running", Holdings.running(holdings, r.name()));
        o.put("queued", Holdings.queued(holdings, r.name()));
        if (!r.note().isEmpty()) o.put("note", r.note());
      }
      return print(array);
    }
  }

  private int print(com.fasterxml.jackson.databind.JsonNode array) {
    if (json) {
      Json.print(System.out, array);
      return ExitCodes.OK;
    }
    if (array.isEmpty()) {
      System.out.println("No agents: give an agents file with --agents FILE.");
      return ExitCodes.OK;
    }
    System.out.printf(
        "%-18s %-10s %-9s %-8s %-7s %s%n",
        "AGENT", "KIND", "CAPACITY", "RUNNING", "QUEUED", "CAPABILITIES");
    for (var o : array) {
      System.out.printf(
          "%-18s %-10s %-9d %-8d %-7d %s%s%n",
          o.path("name").asText(),
          o.path("kind").asText(),
          o.path("capacity").asInt(),
          o.path("running").asInt(),
          o.path("queued").asInt(),
          String.join(", ", Json.MAPPER.convertValue(o.path("capabilities"), String[].class)),
          o.has("note") ? "  (" + o.path("note").asText() + ")" : "");
    }
    return ExitCodes.OK;
  }
}
