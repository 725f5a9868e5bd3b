package dev.baton.cli;

import dev.baton.journal.HumanTask;
import dev.baton.journal.RunCommand;
import dev.baton.workflow.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton decide TASK ACTION [ARGS]} (and {@code approve}/{@code reject}): answers a human
 * task from any process that opens the store; the process executing the run applies it within a
 * second.
 */
@Command(
    name = "decide",
    description =
        "Answer a human task: continue [--extend 30m] | retry STEP | reassign STEP AGENT | lead AGENT | abort | approve | reject")
final class DecideCmd implements Callable<Integer> {
  private static final Set<String> ACTIONS =
      Set.of("continue", "retry", "reassign", "lead", "abort", "approve", "reject");

  @Parameters(
      index = "0",
      paramLabel = "TASK",
      description = "the human task's id (see `baton inbox`)")
  String task;

  @Parameters(
      index = "1",
      paramLabel = "ACTION",
      description = "continue, retry, reassign, abort, approve or reject")
  String action;

  @Parameters(
      index = "2..*",
      paramLabel = "ARGS",
      description = "the action's arguments: STEP for retry, STEP AGENT for reassign")
  List<String> args = new ArrayList<>();

  @Option(
      names = "--extend",
      paramLabel = "DURATION",
      description = "with continue: extend the run's budget")
  String extend;

  @Option(names = "--by", paramLabel = "NAME", description = "who decides (default: $USER)")
  String by;

  @Option(names = "--note", paramLabel = "TEXT", description = "why; recorded with the decision")
  String note;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    return submit(store, task, action, args, extend, by, note);
  }

  static int submit(
      StoreOptions store,
      String task,
      String action,
      List<String> args,
      String extend,
      String by,
      String note) {
    if (!ACTIONS.contains(action))
      throw new UserError("unknown action '" + action + "'; use one of " + ACTIONS);
    List<String> all = new ArrayList<>(args);
    if (extend != null) {
      if (!action.equals("continue") && !action.equals("approve"))
        throw new UserError("--extend goes with continue");
      try {
        Durations.parse(extend);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      all.add(0, extend);
    }
    if (action.equals("retry") && all.size() > 1) throw new UserError("retry takes one STEP");
    if (action.equals("reassign") && all.size() != 2)
      throw new UserError("reassign takes STEP AGENT");
    if (action.equals("lead") && all.size() != 1) throw new UserError("lead takes AGENT");
    try (Context ctx = Context.open(store)) {
      HumanTask t =
          ctx.store
              .humanTask(task)
              .orElseThrow(() -> new UserError("no human task '" + task + "' (see `baton inbox`)"));
      if (t.decision().isPresent())
        throw new UserError("task " + task + " was already decided: " + t.decision().get());
      String who = by != null ? by : System.getProperty("user.name", "");
      ctx.store.submit(
          new RunCommand(0, t.run(), "decide", task, action, all, who, note, Instant.now()));
      if (dev.baton.improve.ProposalBook.STREAM.equals(t.run())) {
        System.out.println(
            "Decision recorded for proposal "
                + task
                + ": "
                + action
                + ". Approved proposals are applied in the next low-traffic window (see `baton proposals`).");
        return ExitCodes.OK;
      }
      System.out.println(
          "Decision recorded for "
              + task
              + " (run "
              + t.run()
              + "): "
              + action
              + (all.isEmpty() ? "" : " " + String.join(" ", all))
              + ". The process executing the run applies it within a second; if none does, run `baton resume "
              + t.run()
              + "`.");
      return ExitCodes.OK;
    }
  }
}
