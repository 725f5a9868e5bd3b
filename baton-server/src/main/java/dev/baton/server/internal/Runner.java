package dev.baton.server.internal;

import dev.baton.Baton;
import dev.baton.BatonException;
import dev.baton.RunHandle;
import dev.baton.run.RunState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs this server executes: those it starts, those it resumes at start, and unfinished runs
 * that no live process executes (found by {@link #sweep}), e.g. a run whose {@code baton run
 * --exit-on-human} exited, or whose process died. A run leaves the map when it ends, so nothing
 * here grows with the number of runs ever executed.
 */
public final class Runner {
  private static final Logger log = LoggerFactory.getLogger(Runner.class);

  private final Baton baton;
  private final Map<String, RunHandle> executing = new ConcurrentHashMap<>();

  public Runner(Baton baton) {
    this.baton = baton;
  }

  public RunHandle track(RunHandle h, String how) {
    executing.put(h.id(), h);
    log.info("run {} {}", h.id(), how);
    var unused =
        h.completion()
            .whenComplete((RunState end, Throwable t) -> {
              executing.remove(h.id(), h);
              if (t != null) log.info("run {} stopped here: {}", h.id(), t.getMessage());
              else
                log.info(
                    "run {} {}",
                    h.id(),
                    end.status().finished()
                        ? "ended " + end.status()
                        : "handed back " + end.status());
            });
    return h;
  }

  /** Resumes every unfinished run that no live process executes (their leases in one write). */
  public void resumeAll() {
    for (RunHandle h : baton.resumeAll()) track(h, "resumed");
  }

  /** Takes over unfinished runs that nobody executes; quiet about those another process holds. */
  public void sweep() {
    List<String> unfinished;
    try {
      unfinished = baton.store().unfinishedRuns();
    } catch (RuntimeException e) {
      log.warn("cannot list unfinished runs: {}", e.getMessage());
      return;
    }
    for (String id : unfinished) {
      if (executing.containsKey(id)) continue;
      try {
        track(baton.resume(id), "taken over");
      } catch (BatonException heldElsewhere) {
        log.debug("run {} not taken over: {}", id, heldElsewhere.getMessage());
      }
    }
  }

  public boolean executes(String run) {
    return executing.containsKey(run);
  }

  public int executing() {
    return executing.size();
  }
}
