package dev.baton.cli;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.run.StepStatus;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Follows runs executing in this process to their end (or to a person's desk with --exit-on-human).
 */
final class Execution {
  private Execution() {}

  static int follow(Baton baton, Supplier<RunHandle> starter, boolean json, boolean exitOnHuman) {
    PrintStream out = System.out;
    LiveView view =
        json
            ? null
            : new LiveView(
                out,
                Terminals.interactive()
                    && System.getenv("NO_COLOR") == null
                    && !"dumb".equals(System.getenv("TERM")));
    CompletableFuture<String> waiting = new CompletableFuture<>();
    baton.subscribe(entries -> {
      for (JournalEntry e : entries)
        if (e.event() instanceof Event.RunWaiting) waiting.complete(e.run());
    });
    if (view != null) baton.subscribe(view);
    Thread hook = new Thread(baton::close, "baton-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    RunHandle handle = starter.get();
    try {
      if (exitOnHuman) {
        CompletableFuture.anyOf(handle.completion(), waiting).exceptionally(t -> null).join();
        if (!handle.completion().isDone()) {
          if (view != null) view.close();
          RunState s = baton.state(handle.id()).orElseThrow();
          if (json) Json.print(out, Json.summary(s));
          else
            out.println(
                "Run "
                    + handle.id()
                    + " waits for a person: see `baton inbox`, then `baton resume "
                    + handle.id()
                    + "`.");
          return ExitCodes.WAITING;
        }
      }
      RunState end = handle.await();
      if (view != null) view.close();
      if (json) Json.print(out, Json.summary(end));
      else out.println(summaryLine(end));
      return ExitCodes.of(end.status());
    } finally {
      if (view != null) view.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
    }
  }

  static String summaryLine(RunState s) {
    long ms = s.endedAt().map(e -> e.toEpochMilli() - s.startedAt().toEpochMilli()).orElse(0L);
    String verdict =
        s.status() == RunStatus.SUCCEEDED
            ? "succeeded"
            : s.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return "Run "
        + s.id()
        + " "
        + verdict
        + " in "
        + EventLines.seconds(ms)
        + " ("
        + s.steps().stream().filter(x -> x.status() == StepStatus.SUCCEEDED).count()
        + "/"
        + s.steps().size()
        + " steps succeeded)"
        + s.endReason()
            .filter(r -> s.status() != RunStatus.SUCCEEDED)
            .map(r -> ": " + r)
            .orElse("");
  }
}
