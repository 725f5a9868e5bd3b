package dev.baton.cli;

import dev.baton.journal.CommandKind;
import dev.baton.journal.HumanAction;
import dev.baton.journal.HumanTask;
import dev.baton.journal.RunCommand;
import dev.baton.workflow.Durations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    HumanAction kind =
        HumanAction.of(action)
            .orElseThrow(() ->
                new UserError(
                    "unknown action '"
                        + action
                        + "'; use one of "
                        + Arrays.asList(HumanAction.values())));
    List<String> all = new ArrayList<>(args);
    if (extend != null) {
      if (kind != HumanAction.CONTINUE && kind != HumanAction.APPROVE)
        throw new UserError("--extend goes with continue");
      try {
        Durations.parse(extend);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      all.add(0, extend);
    }
    kind.argumentsProblem(all)
        .ifPresent(problem -> {
          throw new UserError(problem);
        });
    try (Context ctx = Context.client(store)) {
      if (ctx.remote.isPresent()) {
        // the server checks the task (unknown: 404, decided: 409) and names its run
        var body =
            Json.MAPPER
                .createObjectNode()
                .put("action", action)
                .put("by", by != null ? by : System.getProperty("user.name", ""))
                .put("note", note == null ? "" : note);
        body.set("args", Json.MAPPER.valueToTree(all));
        String run =
            ctx.remote
                .get()
                .post("/api/v1/tasks/" + Remote.encode(task) + "/decision", body)
                .path("run")
                .asText();
        return recorded(task, run, action, all);
      }
      HumanTask t =
          ctx.store
              .humanTask(task)
              .orElseThrow(() -> new UserError("no human task '" + task + "' (see `baton inbox`)"));
      if (t.decision().isPresent())
        throw new UserError("task " + task + " was already decided: " + t.decision().get());
      String who = by != null ? by : System.getProperty("user.name", "");
      ctx.store.submit(
          new RunCommand(
              0, t.run(), CommandKind.DECIDE, task, action, all, who, note, Instant.now()));
      return recorded(task, t.run(), action, all);
    }
  }

  private static int recorded(String task, String run, String action, List<String> all) {
    if (dev.baton.improve.ProposalBook.STREAM.equals(run)) {
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
            + run
            + "): "
            + action
            + (all.isEmpty() ? "" : " " + String.join(" ", all))
            + ". The process executing the run applies it within a second; if none does, run `baton resume "
            + run
            + "`.");
    return ExitCodes.OK;
  }
}
