package dev.baton.agents.command;

import static dev.baton.agents.command.Scripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.Outcome;
import dev.baton.test.MapSecrets;
import dev.baton.test.RecordingReporter;
import dev.baton.test.TestAttempt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets reach the program, and nothing that leaves the agent carries them. */
class SecretsTest {
  private static final String SECRET = "tok-9f8e7d6c";

  @TempDir Path dir;

  private TestAttempt attempt() {
    return TestAttempt.in(dir).withSecrets(new MapSecrets(Map.of(), Map.of("API_TOKEN", SECRET)));
  }

  private Outcome run(String body, TestAttempt attempt) throws Exception {
    Path program = script(dir, "agent.sh", body);
    return CommandAgent.forArgv(
            List.of(program.toString(), "--token=${secret:API_TOKEN}"),
            dir,
            Map.of("API_TOKEN", "${secret:API_TOKEN}"))
        .perform(TestAttempt.handoff("t"), attempt);
  }

  @Test
  void the_program_gets_the_secret_in_its_env_and_argv() throws Exception {
    run(
        """
        printf '%%s\\n' "$API_TOKEN" "$1" > "%s"
        """
            .formatted(dir.resolve("seen")),
        attempt());

    assertThat(Files.readAllLines(dir.resolve("seen")))
        .containsExactly(SECRET, "--token=" + SECRET);
  }

  @Test
  void captured_output_is_redacted() throws Exception {
    Outcome outcome = run("echo \"using $API_TOKEN now\"", attempt());

    assertThat(outcome).isEqualTo(Outcome.succeeded("using *** now"));
  }

  @Test
  void structured_output_status_findings_notes_and_gaps_are_redacted() throws Exception {
    TestAttempt attempt = attempt();

    Outcome outcome =
        run(
            """
            echo "@baton status {\\"progress\\": 5, \\"message\\": \\"auth with $API_TOKEN\\", \\"blockers\\": [\\"$API_TOKEN\\"]}"
            echo "@baton finding {\\"tags\\": [\\"leak\\"], \\"summary\\": \\"token $API_TOKEN in log\\"}"
            echo "@baton handoff {\\"completedWork\\": \\"used $API_TOKEN\\"}"
            echo "@baton gap {\\"capability\\": \\"vault\\", \\"reason\\": \\"$API_TOKEN expired\\"}"
            echo "@baton bogus {\\"x\\": \\"$API_TOKEN\\"}"
            echo "@baton output {\\"token\\": \\"$API_TOKEN\\", \\"nested\\": {\\"list\\": [\\"a $API_TOKEN b\\"]}}"
            """,
            attempt);

    RecordingReporter r = attempt.recorder();
    assertThat(outcome)
        .isEqualTo(
            Outcome.succeeded(
                Map.of("token", "***", "nested", Map.of("list", List.of("a *** b")))));
    assertThat(r.statuses.getFirst().message()).isEqualTo("auth with ***");
    assertThat(r.statuses.getFirst().blockers()).containsExactly("***");
    assertThat(r.findings.getFirst().summary()).isEqualTo("token *** in log");
    assertThat(r.notes.getFirst()).containsEntry("completedWork", "used ***");
    assertThat(r.gaps.getFirst().reason()).isEqualTo("*** expired");
    assertThat(r.warnings.getFirst().line()).doesNotContain(SECRET).contains("***");
  }

  @Test
  void a_secret_that_json_escapes_is_still_redacted_from_structured_output() throws Exception {
    String quoted = "pa\"ss\\word";
    TestAttempt attempt =
        TestAttempt.in(dir).withSecrets(new MapSecrets(Map.of(), Map.of("API_TOKEN", quoted)));

    Outcome outcome =
        run("printf '%s\\n' '@baton output {\"password\": \"pa\\\"ss\\\\word\"}'", attempt);

    assertThat(outcome).isEqualTo(Outcome.succeeded(Map.of("password", "***")));
  }

  @Test
  void the_error_of_a_failed_attempt_is_redacted() throws Exception {
    Outcome outcome = run("echo \"denied for $API_TOKEN\" >&2; exit 1", attempt());

    assertThat(outcome).isEqualTo(Outcome.failed("exit code 1: denied for ***"));
  }
}
