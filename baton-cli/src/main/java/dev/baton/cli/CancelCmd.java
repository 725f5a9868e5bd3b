package dev.baton.cli;

import dev.baton.journal.CommandKind;
import dev.baton.journal.RunCommand;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton cancel RUN}: asks the process executing a run to stop it and compensate. */
@Command(
    name = "cancel",
    description = "Cancel a run: stop its running steps, compensate, end CANCELLED.")
final class CancelCmd implements Callable<Integer> {
  @Parameters(paramLabel = "RUN", description = "the run to cancel")
  String run;

  @Option(names = "--by", paramLabel = "NAME", description = "who cancels (default: $USER)")
  String by;

  @Option(names = "--note", paramLabel = "TEXT", description = "why, kept in the journal")
  String note;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Context ctx = Context.client(store)) {
      run = RunIds.resolve(ctx.store, run);
      var summary =
          ctx.store
              .run(run)
              .orElseThrow(() -> new UserError("no run with id '" + run + "' (see `baton runs`)"));
      if (summary.state().finished())
        throw new UserError("run " + run + " already ended " + summary.state());
      String who = by != null ? by : System.getProperty("user.name", "");
      ctx.store.submit(
          new RunCommand(
              0,
              run,
              CommandKind.CANCEL,
              null,
              CommandKind.CANCEL.word(),
              List.of(),
              who,
              note,
              Instant.now()));
      System.out.println(
          "Cancel requested for run "
              + run
              + "; the process executing it stops it within a second"
              + " (if none does, `baton resume "
              + run
              + "` applies it).");
      return ExitCodes.OK;
    }
  }
}
