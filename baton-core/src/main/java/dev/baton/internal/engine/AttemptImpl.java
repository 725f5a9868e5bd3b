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
    Path inbox,
    Secrets secrets,
    Cancellation cancellation,
    Map<String, String> extraEnv,
    Optional<Path> workdirOverride,
    Map<String, Object> variables)
    implements Attempt {
  /**
   * A compensation has its own key ({@code RUN/STEP/ATTEMPT/compensate}), the one its handoff
   * carries.
   */
  @Override
  public String idempotencyKey() {
    return run + "/" + step + "/" + attempt + (compensating ? "/compensate" : "");
  }
}
