package dev.baton.cli;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import java.util.List;
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
    try (Context ctx = Context.executing(store)) {
      Baton baton = ctx.baton();
      if (target.run != null)
        return Execution.follow(ctx, () -> baton.resume(target.run), json, exitOnHuman, verbose);
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
}
