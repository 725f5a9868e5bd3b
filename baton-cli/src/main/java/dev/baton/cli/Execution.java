package dev.baton.cli;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Follows runs executing in this process to their end (or to a person's desk with --exit-on-human).
 */
final class Execution {
  private Execution() {}

  /**
   * Starts (or resumes) a run with {@code starter} and follows it to its end. Ctrl-C pauses the
   * run: its agents are stopped, nothing more is recorded, and {@code baton resume RUN} continues
   * it later; a second Ctrl-C cancels it instead (stop, compensate, end {@code CANCELLED}).
   */
  static int follow(
      Context ctx,
      Supplier<RunHandle> starter,
      boolean json,
      boolean exitOnHuman,
      boolean verbose) {
    Baton baton = ctx.baton();
    PrintStream out = System.out;
    LiveView view = json ? null : LiveView.open(out, verbose);
    CompletableFuture<String> waiting = new CompletableFuture<>();
    baton.subscribe(entries -> {
      for (JournalEntry e : entries)
        if (e.event() instanceof Event.RunWaiting) waiting.complete(e.run());
    });
    if (view != null) baton.subscribe(view);
    Thread hook = new Thread(baton::close, "baton-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    RunHandle handle = starter.get();
    CompletableFuture<Void> cancelAsked = new CompletableFuture<>();
    CompletableFuture<Void> paused = new CompletableFuture<>();
    PrintStream notes = json ? System.err : out;
    try (Interrupts interrupts =
        Interrupts.install(
            () -> {
              if (view != null) view.close();
              System.err.println(
                  "\nbaton: pausing run "
                      + handle.id()
                      + ": stopping its agents (Ctrl-C again cancels the run)");
              baton.close();
              paused.complete(null);
            },
            () -> cancelAsked.complete(null))) {
      if (exitOnHuman) {
        CompletableFuture.anyOf(handle.completion(), waiting).exceptionally(t -> null).join();
        if (!handle.completion().isDone()) {
          if (view != null) view.close();
          RunState s = baton.engine().state(handle.id()).orElseThrow();
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
      RunState end;
      try {
        end = handle.await();
      } catch (RuntimeException stopped) {
        if (interrupts.count() == 0) throw stopped;
        paused.join(); // the agents are stopped; a second Ctrl-C until then cancels the run
        if (cancelAsked.isDone()) return cancel(ctx, handle.id(), json);
        notes.println(
            "Run "
                + handle.id()
                + " paused — `baton resume "
                + handle.id()
                + "` continues it (`baton cancel "
                + handle.id()
                + "` cancels it).");
        return ExitCodes.INTERRUPTED;
      }
      if (view != null) view.close();
      if (json) Json.print(out, Json.summary(end));
      else if (view != null)
        out.println(view.summary(summaryLine(end), end.status() == RunStatus.SUCCEEDED));
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

  /**
   * A second Ctrl-C: the paused run is cancelled the way {@code baton cancel} does it, through the
   * store's command queue, by a fresh engine that resumes it, stops it and compensates its steps.
   */
  private static int cancel(Context ctx, String run, boolean json) {
    System.err.println("baton: cancelling run " + run + " (compensating its completed steps)");
    ctx.store.submit(
        new dev.baton.journal.RunCommand(
            0,
            run,
            "cancel",
            null,
            "cancel",
            java.util.List.of(),
            System.getProperty("user.name", ""),
            "Ctrl-C twice",
            java.time.Instant.now()));
    RunState end = ctx.restart().resume(run).await();
    if (json) Json.print(System.out, Json.summary(end));
    else System.out.println(summaryLine(end));
    return ExitCodes.of(end.status());
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
        + s.steps().stream().filter(x -> x.status().name().equals("SUCCEEDED")).count()
        + "/"
        + s.steps().size()
        + " steps succeeded)"
        + s.endReason()
            .filter(r -> s.status() != RunStatus.SUCCEEDED)
            .map(r -> ": " + r)
            .orElse("");
  }
}
