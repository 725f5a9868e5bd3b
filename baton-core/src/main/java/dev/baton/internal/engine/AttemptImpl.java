package dev.baton.internal.engine;

import dev.baton.agent.Attempt;
import dev.baton.agent.Cancellation;
import dev.baton.agent.Reporter;
import dev.baton.agent.Secrets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The engine's {@link Attempt}: what an agent sees of the attempt it performs. */
record AttemptImpl(
    String run,
    String step,
    String agent,
    int attempt,
    boolean compensating,
    Reporter reporter,
    Inboxes.Folder inboxFolder,
    Secrets secrets,
    Cancellation cancellation,
    Map<String, String> extraEnv,
    Optional<Path> workdirOverride,
    Map<String, Object> variables)
    implements Attempt {
  /**
   * The inbox folder, made (private to the user) the first time an agent asks for it: most attempts
   * never read an inbox, and making and removing a folder per attempt cost a busy file system more
   * than the attempt's journal commit.
   */
  @Override
  public Path inbox() {
    return inboxFolder.prepare();
  }

  /**
   * A compensation has its own key ({@code RUN/STEP/ATTEMPT/compensate}), the one its handoff
   * carries.
   */
  @Override
  public String idempotencyKey() {
    return compensating ? Ids.compensation(run, step, attempt) : Ids.attempt(run, step, attempt);
  }
}
