package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.meta.Examples;
import dev.baton.meta.TriageExample;
import dev.baton.store.JournalStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton meta examples}: the reports whose primary agent a person or an escalation rule
 * corrected, which the next triages weigh; {@code add} teaches one by hand, {@code remove} forgets
 * one.
 */
@Command(
    name = "examples",
    description = "List the examples the meta agent learned from corrections (add, remove).",
    subcommands = {MetaExamplesCmd.Add.class, MetaExamplesCmd.Remove.class})
final class MetaExamplesCmd implements Callable<Integer> {
  @Option(names = "--json", description = "print JSON: [{id, agent, reason, origin, time, report}]")
  boolean json;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    JsonNode examples;
    try (Context ctx = Context.client(store)) {
      examples =
          ctx.remote.isPresent()
              ? ctx.remote.get().get("/api/v1/meta/examples")
              : json(Examples.of(ctx.store));
    }
    if (json) {
      Json.print(System.out, examples);
      return ExitCodes.OK;
    }
    if (examples.isEmpty()) {
      System.out.println(
          "No examples yet: the meta agent learns one when a person or an escalation rule"
              + " changes a triaged run's primary agent.");
      return ExitCodes.OK;
    }
    for (JsonNode e : examples) {
      String report = e.path("report").asText().replaceAll("\\s+", " ").strip();
      String origin = e.path("origin").asText();
      System.out.printf(
          "%-5s %-12s %s  (%s%s)%n      %s%n",
          e.path("id").asText(),
          e.path("agent").asText(),
          e.path("time").asText(),
          e.path("reason").asText(),
          origin.isEmpty() ? "" : ", run " + origin,
          report.length() > 100 ? report.substring(0, 97) + "..." : report);
    }
    return ExitCodes.OK;
  }

  /** The examples as {@code --json} prints them (and the server answers them). */
  static ArrayNode json(List<TriageExample> examples) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    for (TriageExample e : examples) {
      ObjectNode n = array.addObject();
      n.put("id", e.id());
      n.put("agent", e.agent());
      n.put("reason", e.reason());
      n.put("origin", e.origin());
      n.put("time", e.time().toString());
      n.put("report", e.report());
    }
    return array;
  }

  /** Teaches an example by hand; its id. {@code by}: who teaches it (empty: somebody). */
  static String learn(JournalStore store, String report, String agent, String by) {
    check(report, agent);
    String who = by.isBlank() ? "someone" : by;
    return Examples.learn(store, Clock.systemUTC(), report, agent, "taught by " + who, "");
  }

  private static void check(String report, String agent) {
    if (report.isBlank()) throw new UserError("the report is empty");
    if (!agent.matches("[a-z0-9][a-z0-9-]*"))
      throw new UserError("'" + agent + "' is not an agent name");
  }

  /** Forgets an example, or says there is none of that id. */
  static void remove(JournalStore store, String id, String by) {
    String who = by.isBlank() ? "someone" : by;
    if (!Examples.remove(store, Clock.systemUTC(), id, "removed by " + who))
      throw new UserError("no example '" + id + "' (see `baton meta examples`)");
  }

  /** {@code baton meta examples add --agent AGENT REPORT}. */
  @Command(name = "add", description = "Teach an example by hand: this report is AGENT's to lead.")
  static final class Add implements Callable<Integer> {
    @Option(names = "--agent", required = true, paramLabel = "AGENT", description = "who leads")
    String agent;

    @Parameters(index = "0", paramLabel = "REPORT")
    String report;

    @Option(names = "--by", paramLabel = "NAME", description = "who teaches it (default: $USER)")
    String by;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      String who = by != null ? by : System.getProperty("user.name", "someone");
      check(report, agent);
      String id;
      if (store.remote().isPresent()) {
        id =
            store
                .remote()
                .get()
                .post(
                    "/api/v1/meta/examples",
                    java.util.Map.of("agent", agent, "report", report, "by", who))
                .path("id")
                .asText();
      } else {
        try (Context ctx = Context.openOrCreate(store)) {
          id = learn(ctx.store, report, agent, who);
        }
      }
      System.out.println("Learned example " + id + ": " + agent + " leads reports like this.");
      return ExitCodes.OK;
    }
  }

  /** {@code baton meta examples remove ID}. */
  @Command(name = "remove", description = "Forget an example; later triages no longer use it.")
  static final class Remove implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      String who = System.getProperty("user.name", "someone");
      if (store.remote().isPresent())
        store
            .remote()
            .get()
            .post(
                "/api/v1/meta/examples/" + Remote.encode(id) + "/remove",
                java.util.Map.of("by", who));
      else
        try (Context ctx = Context.open(store)) {
          remove(ctx.store, id, who);
        }
      System.out.println("Removed example " + id + ".");
      return ExitCodes.OK;
    }
  }
}
