package dev.baton.agents.command;

import dev.baton.agent.Attempt;
import dev.baton.agent.Cancellation;
import dev.baton.agent.Handoff;
import dev.baton.agent.Reporter;
import dev.baton.agent.Secrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory attempt: fixed identity, a recording reporter, map secrets, a real cancellation. */
record TestAttempt(
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
    Optional<Path> workdirOverride)
    implements Attempt {

  static TestAttempt in(Path dir) {
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
        Optional.empty());
  }

  TestAttempt withSecrets(Secrets s) {
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
        workdirOverride);
  }

  TestAttempt compensation() {
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
        workdirOverride);
  }

  TestAttempt withExtraEnv(Map<String, String> env) {
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
        workdirOverride);
  }

  TestAttempt withWorkdir(Path dir) {
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
        Optional.of(dir));
  }

  @Override
  public Reporter reporter() {
    return recorder;
  }

  static Handoff handoff(String task) {
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
