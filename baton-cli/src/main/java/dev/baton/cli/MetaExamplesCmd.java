package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.meta.Examples;
import dev.baton.meta.TriageExample;
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
    try (Context ctx = Context.open(store)) {
      List<TriageExample> examples = Examples.of(ctx.store);
      if (json) {
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
        Json.print(System.out, array);
        return ExitCodes.OK;
      }
      if (examples.isEmpty()) {
        System.out.println(
            "No examples yet: the meta agent learns one when a person or an escalation rule"
                + " changes a triaged run's primary agent.");
        return ExitCodes.OK;
      }
      for (TriageExample e : examples) {
        String report = e.report().replaceAll("\\s+", " ").strip();
        System.out.printf(
            "%-5s %-12s %s  (%s%s)%n      %s%n",
            e.id(),
            e.agent(),
            e.time(),
            e.reason(),
            e.origin().isEmpty() ? "" : ", run " + e.origin(),
            report.length() > 100 ? report.substring(0, 97) + "..." : report);
      }
      return ExitCodes.OK;
    }
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
      if (report.isBlank()) throw new UserError("the report is empty");
      if (!agent.matches("[a-z0-9][a-z0-9-]*"))
        throw new UserError("'" + agent + "' is not an agent name");
      try (Context ctx = Context.openOrCreate(store)) {
        String who = by != null ? by : System.getProperty("user.name", "someone");
        String id =
            Examples.learn(ctx.store, Clock.systemUTC(), report, agent, "taught by " + who, "");
        System.out.println("Learned example " + id + ": " + agent + " leads reports like this.");
        return ExitCodes.OK;
      }
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
      try (Context ctx = Context.open(store)) {
        String who = System.getProperty("user.name", "someone");
        if (!Examples.remove(ctx.store, Clock.systemUTC(), id, "removed by " + who))
          throw new UserError("no example '" + id + "' (see `baton meta examples`)");
        System.out.println("Removed example " + id + ".");
        return ExitCodes.OK;
      }
    }
  }
}
