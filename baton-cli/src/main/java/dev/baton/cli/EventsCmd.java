package dev.baton.cli;

import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton events RUN}: reads a run's journal, optionally following it as it grows. */
@Command(
    name = "events",
    description = "Print a run's journal; --follow keeps printing until the run ends.")
final class EventsCmd implements Callable<Integer> {
  @Parameters(paramLabel = "RUN", description = "the run whose journal to print")
  String run;

  @Option(names = "--json", description = "one JSON object per line")
  boolean json;

  @Option(names = "--follow", description = "keep printing new events until the run ends")
  boolean follow;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Context ctx = Context.client(store)) {
      run = RunIds.resolve(ctx.store, run);
      if (ctx.store.run(run).isEmpty())
        throw new UserError("no run with id '" + run + "' (see `baton runs`)");
      if (follow && ctx.remote.isPresent()) {
        // the server's event stream: each event as it is committed, no polling
        RemoteRun.events(
            ctx.remote.get(),
            run,
            e -> {
              System.out.println(
                  json
                      ? Json.MAPPER.valueToTree(EventCodec.toJson(e)).toString()
                      : EventLines.line(e));
              System.out.flush();
              return RemoteRun.ends(e.event());
            });
        return ExitCodes.OK;
      }
      long after = 0;
      while (true) {
        List<JournalEntry> entries = ctx.store.read(run, after);
        for (JournalEntry e : entries) {
          System.out.println(
              json ? Json.MAPPER.valueToTree(EventCodec.toJson(e)).toString() : EventLines.line(e));
          after = e.seq();
        }
        System.out.flush();
        if (!follow
            || (ctx.store.run(run).map(r -> r.state().finished()).orElse(true)
                && ctx.store.read(run, after).isEmpty())) {
          return ExitCodes.OK;
        }
        // another process writes this journal: SQLite offers no cross-process signal, so look again
        // shortly
        LockSupport.parkNanos(200_000_000L);
      }
    }
  }
}
