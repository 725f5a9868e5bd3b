package dev.baton.test;

import dev.baton.agent.Attempt;
import dev.baton.agent.Cancellation;
import dev.baton.agent.Handoff;
import dev.baton.agent.Reporter;
import dev.baton.agent.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An attempt for calling an agent directly in a test: a fixed identity ({@code run-1}, step {@code
 * build}, agent {@code builder}, attempt 1), a {@link RecordingReporter}, map secrets and a real
 * {@link Cancellation}. The {@code with…} methods change one part.
 */
public record TestAttempt(
    String run,
    String step,
    String agent,
    int attempt,
    boolean compensating,
    RecordingReporter recorder,
    Path inbox,
    Secrets secrets,
    Cancellation cancellation,
    Map<String, String> extraEnv,
    Map<String, Object> variables,
    Optional<Path> workdirOverride)
    implements Attempt {

  /** The first attempt of step {@code build} by {@code builder}, its inbox under {@code dir}. */
  public static TestAttempt in(Path dir) {
    return new TestAttempt(
        "run-1",
        "build",
        "builder",
        1,
        false,
        new RecordingReporter(),
        dir.resolve("inbox"),
        MapSecrets.none(),
        new Cancellation(),
        Map.of(),
        Map.of(),
        Optional.empty());
  }

  /** The same attempt of another step and agent. */
  public TestAttempt as(String step, String agent) {
    return new TestAttempt(
        run,
        step,
        agent,
        attempt,
        compensating,
        recorder,
        inbox,
        secrets,
        cancellation,
        extraEnv,
        variables,
        workdirOverride);
  }

  public TestAttempt withSecrets(Secrets s) {
    return new TestAttempt(
        run,
        step,
        agent,
        attempt,
        compensating,
        recorder,
        inbox,
        s,
        cancellation,
        extraEnv,
        variables,
        workdirOverride);
  }

  /** The compensation of this attempt ({@code BATON_COMPENSATE=1}). */
  public TestAttempt compensation() {
    return new TestAttempt(
        run,
        step,
        agent,
        attempt,
        true,
        recorder,
        inbox,
        secrets,
        cancellation,
        extraEnv,
        variables,
        workdirOverride);
  }

  public TestAttempt withExtraEnv(Map<String, String> env) {
    return new TestAttempt(
        run,
        step,
        agent,
        attempt,
        compensating,
        recorder,
        inbox,
        secrets,
        cancellation,
        env,
        variables,
        workdirOverride);
  }

  /** The run's variables as templates see them ({@code inputs}, {@code run}, {@code item}…). */
  public TestAttempt withVariables(Map<String, Object> vars) {
    return new TestAttempt(
        run,
        step,
        agent,
        attempt,
        compensating,
        recorder,
        inbox,
        secrets,
        cancellation,
        extraEnv,
        vars,
        workdirOverride);
  }

  public TestAttempt withWorkdir(Path dir) {
    return new TestAttempt(
        run,
        step,
        agent,
        attempt,
        compensating,
        recorder,
        inbox,
        secrets,
        cancellation,
        extraEnv,
        variables,
        Optional.of(dir));
  }

  @Override
  public Reporter reporter() {
    return recorder;
  }

  /** A handoff to {@code builder} for {@code task}, as the engine would build it. */
  public static Handoff handoff(String task) {
    return new Handoff(
        "meta",
        "builder",
        "run-1/build/1",
        task,
        new Handoff.Context("nothing yet", "test", List.of("be quick"), List.of()),
        "it builds",
        5,
        List.of(),
        Map.of("feature", "search"),
        Map.of(),
        "run-1/build/1");
  }
}
