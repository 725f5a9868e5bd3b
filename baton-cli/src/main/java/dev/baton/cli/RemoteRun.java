package dev.baton.cli;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * {@code baton run FILE} through a server: the server executes the run, this process shows it live
 * from the journal's event stream and ends as a local run does (same lines, summary, {@code --json}
 * and exit code). Ctrl-C stops watching; the run goes on on the server.
 */
final class RemoteRun {
  private RemoteRun() {}

  /**
   * Starts {@code file} on the server: a relative path inside the current folder is sent as a path
   * (the server loads it from its own folder, with the agents file beside it, so run the command
   * from the same project folder as the server); any other file is sent as its text, with the
   * server folder's {@code agents.yaml}.
   */
  static int start(
      Remote remote,
      Path file,
      Optional<Path> agents,
      Map<String, String> inputs,
      Optional<String> id,
      boolean json,
      boolean exitOnHuman,
      boolean verbose) {
    var body = Json.MAPPER.createObjectNode();
    Path normal = file.normalize();
    if (!file.isAbsolute() && !normal.startsWith("..")) {
      body.put("workflow", slashes(normal));
      agents.ifPresent(a -> body.put("agents", slashes(a.normalize())));
    } else {
      if (agents.isPresent())
        throw new UserError(
            "--agents through a server needs both files inside the current folder (relative paths)");
      try {
        body.put("yaml", java.nio.file.Files.readString(file));
      } catch (java.io.IOException e) {
        throw new UserError("cannot read " + file + ": " + e.getMessage());
      }
    }
    body.set("inputs", Json.MAPPER.valueToTree(inputs));
    id.ifPresent(x -> body.put("id", x));
    String run = remote.post("/api/v1/runs", body).path("run").asText();
    return follow(remote, run, json, exitOnHuman, verbose);
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }

  /** Shows the run live until it ends (or waits for a person, with {@code exitOnHuman}). */
  static int follow(Remote remote, String run, boolean json, boolean exitOnHuman, boolean verbose) {
    PrintStream out = System.out;
    LiveView view = json ? null : LiveView.open(out, verbose);
    List<JournalEntry> entries = new ArrayList<>();
    Thread hook =
        new Thread(
            () -> {
              if (view != null) view.close();
              System.err.println(
                  "\nbaton: run "
                      + run
                      + " goes on on the server "
                      + remote.base()
                      + " (`baton cancel "
                      + run
                      + "` cancels it)");
            },
            "baton-detach");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean waiting;
    try {
      events(
          remote,
          run,
          e -> {
            entries.add(e);
            if (view != null) view.accept(List.of(e));
            return ends(e.event()) || (exitOnHuman && e.event() instanceof Event.RunWaiting);
          });
      waiting = !entries.isEmpty() && entries.getLast().event() instanceof Event.RunWaiting;
    } finally {
      if (view != null) view.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
    }
    RunState end = RunState.replay(run, entries);
    if (waiting) {
      if (json) Json.print(out, Json.summary(end));
      else
        out.println(
            "Run "
                + run
                + " waits for a person: see `baton inbox`; the server continues it once decided.");
      return ExitCodes.WAITING;
    }
    if (json) Json.print(out, Json.summary(end));
    else if (view != null) out.println(view.summary(Execution.summaryLine(end), succeeded(end)));
    else out.println(Execution.summaryLine(end));
    return ExitCodes.of(end.status());
  }

  private static boolean succeeded(RunState s) {
    return s.status() == dev.baton.run.RunStatus.SUCCEEDED;
  }

  /**
   * The run's journal from its start, then live, until {@code stop} accepts an event. A stream that
   * breaks (the server restarts, e.g. after a crash) is taken up again after the last event seen
   * ({@code Last-Event-ID}): nothing is missed or shown twice. A server that stays out of reach for
   * {@link #PATIENCE} ends the command (exit 4).
   */
  static void events(Remote remote, String run, Predicate<JournalEntry> stop) {
    long[] last = {0};
    long lostSince = 0;
    long pause = 250;
    while (true) {
      try {
        boolean stopped =
            remote.stream(
                "/api/v1/runs/" + Remote.encode(run) + "/events",
                last[0],
                data -> {
                  JournalEntry e = ServerStore.entry(run, data);
                  if (e.seq() <= last[0]) return false;
                  last[0] = e.seq();
                  return stop.test(e);
                });
        if (stopped) return;
        lostSince = 0;
        pause = 250;
      } catch (Remote.Unreachable e) {
        long now = System.nanoTime();
        if (lostSince == 0) {
          lostSince = now;
          System.err.println("baton: " + e.getMessage() + "; trying again");
        } else if (now - lostSince > PATIENCE.toNanos()) throw e;
        // a back-off between attempts to reconnect: nothing to be signalled by
        LockSupport.parkNanos(pause * 1_000_000L);
        pause = Math.min(pause * 2, 2_000);
      }
    }
  }

  /** How long a run's follower waits for its server to come back. */
  static final Duration PATIENCE = Duration.ofMinutes(2);

  /** The events after which a run changes no more. */
  static boolean ends(Event e) {
    return e instanceof Event.RunSucceeded
        || e instanceof Event.RunFailed
        || e instanceof Event.RunRolledBack
        || e instanceof Event.RunCancelled;
  }
}
