package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.HumanTask;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baton inbox}: the open human tasks of every run. */
@Command(
    name = "inbox",
    description = "List open human tasks: escalations, approvals, inputs, merges.")
final class InboxCmd implements Callable<Integer> {
  @Option(
      names = "--json",
      description = "print JSON: [{id, run, kind, question, options, opened}]")
  boolean json;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Context ctx = Context.client(store)) {
      List<HumanTask> tasks = ctx.store.openHumanTasks();
      if (json) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (HumanTask t : tasks) {
          ObjectNode n = array.addObject();
          n.put("id", t.id());
          n.put("run", t.run());
          n.put("kind", t.kind().word());
          n.put("question", t.question());
          n.set("options", Json.MAPPER.valueToTree(t.options()));
          n.put("opened", t.opened().toString());
        }
        Json.print(System.out, array);
        return ExitCodes.OK;
      }
      if (tasks.isEmpty()) {
        System.out.println("Inbox is empty: no run waits for a person.");
        return ExitCodes.OK;
      }
      for (HumanTask t : tasks) {
        System.out.println(
            t.id() + "  [" + t.kind() + "]  run " + t.run() + "  opened " + t.opened());
        System.out.println("  " + t.question());
        System.out.println(
            "  decide with: "
                + String.join(
                    " | ",
                    t.options().stream().map(o -> "baton decide " + t.id() + " " + o).toList()));
        System.out.println();
      }
      return ExitCodes.OK;
    }
  }
}
