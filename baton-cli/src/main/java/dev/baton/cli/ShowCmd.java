package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.JournalEntry;
import dev.baton.run.HumanTaskState;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton show RUN}: a run's state, steps and human tasks, folded from its journal. */
@Command(name = "show", description = "Show a run: state, primary agent, steps, human tasks.")
final class ShowCmd implements Callable<Integer> {
  @Parameters(paramLabel = "RUN", description = "the run to show")
  String run;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Context ctx = Context.client(store)) {
      run = RunIds.resolve(ctx.store, run);
      List<JournalEntry> entries = ctx.store.read(run, 0);
      if (entries.isEmpty()) throw new UserError("no run with id '" + run + "' (see `baton runs`)");
      RunState s = RunState.replay(run, entries);
      // the node executing the run now, when several servers share the store (docs/cluster.md)
      Optional<String> node = ctx.store.leaseHolder(run).map(dev.baton.journal.LeaseOwner::nodeOf);
      if (json) {
        Json.print(System.out, toJson(s).put("node", node.orElse(null)));
        return ExitCodes.OK;
      }
      System.out.println("Run       " + s.id() + "  (" + s.workflow() + ")");
      System.out.println(
          "State     "
              + s.status()
              + s.endReason().filter(r -> !r.equals("succeeded")).map(r -> " — " + r).orElse(""));
      System.out.println("Priority  " + s.priority() + "   Primary " + s.primary().orElse("-"));
      node.ifPresent(n -> System.out.println("Node      " + n));
      System.out.println(
          "Findings  " + (s.findings().isEmpty() ? "-" : String.join(", ", s.findings())));
      if (s.tokens() > 0 || s.costUsd() > 0)
        System.out.println(
            "Models    "
                + s.tokens()
                + " tokens, "
                + ModelUsage.usd(s.costUsd())
                + " (chat models)");
      System.out.println();
      String phase = null;
      for (StepState st : s.steps()) {
        if (!st.phase().equals(phase)) {
          phase = st.phase();
          System.out.println(
              phase
                  + (s.tokens(phase) > 0
                      ? "  ("
                          + s.tokens(phase)
                          + " tokens, "
                          + ModelUsage.usd(s.costUsd(phase))
                          + ")"
                      : ""));
        }
        System.out.printf(
            "  %-24s %-10s %-11s attempts %d  %6s  %s%n",
            st.id(),
            st.agent() == null ? "-" : st.agent(),
            st.status(),
            st.attempt(),
            EventLines.seconds(st.durationMillis()),
            st.error() != null ? EventLines.firstLine(st.error()) : EventLines.brief(st.output()));
      }
      for (HumanTaskState t : s.humanTasks()) {
        System.out.println();
        System.out.println(
            "Human task "
                + t.id()
                + " ["
                + t.kind()
                + "] "
                + (t.open() ? "OPEN" : "→ " + t.decision())
                + ": "
                + t.question());
      }
      return ExitCodes.OK;
    }
  }

  static ObjectNode toJson(RunState s) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("run", s.id());
    n.put("workflow", s.workflow());
    n.put("state", s.status().name());
    n.put("priority", s.priority());
    n.put("primary", s.primary().orElse(null));
    n.set("inputs", Json.MAPPER.valueToTree(s.inputs()));
    n.set("findings", Json.MAPPER.valueToTree(s.findings()));
    s.endReason().ifPresent(r -> n.put("reason", r));
    n.put("tokens", s.tokens());
    n.put("costUsd", Math.round(s.costUsd() * 10_000) / 10_000.0);
    ArrayNode steps = n.putArray("steps");
    for (StepState st : s.steps()) {
      ObjectNode x = Json.step(steps.addObject(), st);
      x.set("output", Json.MAPPER.valueToTree(st.output()));
      if (st.error() != null) x.put("error", st.error());
    }
    ArrayNode tasks = n.putArray("humanTasks");
    for (HumanTaskState t : s.humanTasks()) {
      ObjectNode x = tasks.addObject();
      x.put("id", t.id());
      x.put("kind", t.kind().word());
      x.put("question", t.question());
      x.set("options", Json.MAPPER.valueToTree(t.options()));
      x.put("opened", t.opened().toString());
      x.put("decision", t.decision() == null ? null : t.decision().word());
      x.put("step", t.step());
    }
    return n;
  }
}
