package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.run.RunSummary;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baton runs}: lists runs, newest first. */
@Command(name = "runs", description = "List runs, newest first.")
final class RunsCmd implements Callable<Integer> {
  @Option(
      names = "--json",
      description = "print JSON: [{run, workflow, state, priority, started, ended}]")
  boolean json;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Context ctx = Context.open(store)) {
      List<RunSummary> runs =
          ctx.store.runs().stream().sorted((a, b) -> b.started().compareTo(a.started())).toList();
      if (json) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (RunSummary r : runs) {
          ObjectNode n = array.addObject();
          n.put("run", r.run());
          n.put("workflow", r.workflow());
          n.put("state", r.state().name());
          n.put("priority", r.priority());
          n.put("started", r.started().toString());
          n.put("ended", r.ended().map(Instant::toString).orElse(null));
        }
        Json.print(System.out, array);
        return ExitCodes.OK;
      }
      if (runs.isEmpty()) {
        System.out.println("No runs yet. Start one with: baton run examples/feature.yaml");
        return ExitCodes.OK;
      }
      System.out.printf(
          "%-28s %-16s %-12s %-9s %s%n", "RUN", "WORKFLOW", "STATE", "PRIORITY", "STARTED");
      for (RunSummary r : runs) {
        System.out.printf(
            "%-28s %-16s %-12s %-9s %s%n",
            r.run(), r.workflow(), r.state(), r.priority(), r.started());
      }
      return ExitCodes.OK;
    }
  }
}
