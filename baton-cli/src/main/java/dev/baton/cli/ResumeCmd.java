package dev.baton.cli;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton resume [RUN | --all]}: continues unfinished runs in this process. */
@Command(
    name = "resume",
    description = "Continue unfinished runs (after a crash, a kill, or a person's decision).")
final class ResumeCmd implements Callable<Integer> {
  static final class Target {
    @Parameters(paramLabel = "RUN", description = "the run to continue")
    String run;

    @Option(names = "--all", description = "every unfinished run that no live process executes")
    boolean all;
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Option(
      names = "--exit-on-human",
      description = "exit with code 3 as soon as the run waits for a person")
  boolean exitOnHuman;

  @Option(names = "--json", description = "print only a final JSON summary")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "without a terminal, print every event (progress reports and handoffs too)")
  boolean verbose;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    var remote = store.remote();
    if (remote.isPresent()) return remotely(remote.get());
    try (Context ctx = Context.executing(store)) {
      Baton baton = ctx.baton();
      if (target.run != null) {
        refuseEnded(ctx.store.run(target.run));
        return Execution.follow(ctx, () -> baton.resume(target.run), json, exitOnHuman, verbose);
      }
      List<RunHandle> handles = baton.resumeAll();
      if (handles.isEmpty()) {
        if (!json) System.out.println("No unfinished run to resume.");
        else Json.print(System.out, Json.MAPPER.createArrayNode());
        return ExitCodes.OK;
      }
      if (!json)
        System.out.println(
            "Resuming "
                + handles.size()
                + " run(s): "
                + String.join(", ", handles.stream().map(RunHandle::id).toList()));
      int worst = ExitCodes.OK;
      var array = Json.MAPPER.createArrayNode();
      for (RunHandle h : handles) {
        RunState end = h.await();
        if (json) array.add(Json.summary(end));
        else System.out.println(Execution.summaryLine(end));
        if (end.status() != RunStatus.SUCCEEDED)
          worst = Math.max(worst, ExitCodes.of(end.status()));
      }
      if (json) Json.print(System.out, array);
      return worst;
    }
  }

  /**
   * A run that does not exist or has ended is the user's mistake (exit 2), here and on a server.
   */
  private void refuseEnded(java.util.Optional<dev.baton.run.RunSummary> run) {
    if (run.isEmpty()) throw new UserError("no run with id '" + target.run + "'");
    if (run.get().state().finished())
      throw new UserError("run " + target.run + " already ended " + run.get().state());
  }

  /**
   * Through a server: the server continues the run(s) in its own process, this one follows them as
   * {@code baton run --server} does (same lines, {@code --json} and exit codes).
   */
  private int remotely(Remote remote) {
    if (target.run != null) {
      remote.post("/api/v1/runs/" + Remote.encode(target.run) + "/resume", Map.of());
      return RemoteRun.follow(remote, target.run, json, exitOnHuman, verbose);
    }
    List<String> runs = new ArrayList<>();
    remote.post("/api/v1/runs/resume", Map.of()).path("runs").forEach(r -> runs.add(r.asText()));
    if (runs.isEmpty()) {
      if (!json) System.out.println("No unfinished run to resume.");
      else Json.print(System.out, Json.MAPPER.createArrayNode());
      return ExitCodes.OK;
    }
    if (!json)
      System.out.println("Resuming " + runs.size() + " run(s): " + String.join(", ", runs));
    int worst = ExitCodes.OK;
    var array = Json.MAPPER.createArrayNode();
    for (String run : runs) {
      List<JournalEntry> entries = new ArrayList<>();
      RemoteRun.events(
          remote,
          run,
          e -> {
            entries.add(e);
            return RemoteRun.ends(e.event());
          });
      RunState end = RunState.replay(run, entries);
      if (json) array.add(Json.summary(end));
      else System.out.println(Execution.summaryLine(end));
      if (end.status() != RunStatus.SUCCEEDED) worst = Math.max(worst, ExitCodes.of(end.status()));
    }
    if (json) Json.print(System.out, array);
    return worst;
  }
}
