package dev.baton.run;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One line of {@code baton runs}: kept by the store beside the journal, updated in the same commit.
 */
public record RunSummary(
    String run,
    String workflow,
    RunStatus state,
    String priority,
    Optional<String> primary,
    Instant started,
    Optional<Instant> ended) {

  /**
   * The state lists show for a run that has started but that no process executes now (Ctrl-C paused
   * it, or its process died): {@code baton resume RUN} continues it.
   */
  public static final String PAUSED = "PAUSED";

  /**
   * The state {@code baton runs} and the API's run list show: the run's own state, or {@link
   * #PAUSED} for a {@code PENDING} or {@code RUNNING} run that is not among {@code executing} (the
   * runs some live process holds the lease of, {@code RunLeases.executing}). A {@code WAITING} run
   * stays {@code WAITING}: it waits for a person either way.
   */
  public String listedState(Set<String> executing) {
    boolean active = state == RunStatus.PENDING || state == RunStatus.RUNNING;
    return active && !executing.contains(run) ? PAUSED : state.name();
  }
}
