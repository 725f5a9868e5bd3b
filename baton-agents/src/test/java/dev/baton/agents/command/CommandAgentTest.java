package dev.baton.agents.command;

import static dev.baton.agents.command.Scripts.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.Outcome;
import dev.baton.journal.EventCodec;
import dev.baton.test.MapSecrets;
import dev.baton.test.TestAttempt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandAgentTest {
  @TempDir Path dir;

  private Outcome perform(Path program, TestAttempt attempt) throws Exception {
    return CommandAgent.forArgv(List.of(program.toString()), dir, Map.of())
        .perform(TestAttempt.handoff("Build the search page"), attempt);
  }

  @Test
  void gives_the_program_the_baton_variables() throws Exception {
    Path program = script(dir, "env.sh", "env | grep -E '^(BATON_|LOG_LEVEL|EXTRA)' | sort");
    TestAttempt attempt = TestAttempt.in(dir).withExtraEnv(Map.of("EXTRA", "yes"));

    Outcome outcome =
        CommandAgent.forArgv(List.of(program.toString()), dir, Map.of("LOG_LEVEL", "info"))
            .perform(TestAttempt.handoff("Build the search page"), attempt);

    assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
    String out = (String) ((Outcome.Succeeded) outcome).output();
    assertThat(out.lines().toList())
        .contains(
            "BATON_RUN=run-1",
            "BATON_STEP=build",
            "BATON_AGENT=builder",
            "BATON_ATTEMPT=1",
            "BATON_TASK=Build the search page",
            "BATON_IDEMPOTENCY_KEY=run-1/build/1",
            "BATON_INBOX=" + dir.resolve("inbox"),
            "LOG_LEVEL=info",
            "EXTRA=yes")
        .anyMatch(line -> line.startsWith("BATON_HANDOFF="))
        .noneMatch(line -> line.startsWith("BATON_COMPENSATE="));
    assertThat(dir.resolve("inbox")).isDirectory();
  }

  @Test
  void writes_the_handoff_to_a_file_and_to_standard_input() throws Exception {
    Path program =
        script(
            dir,
            "handoff.sh",
            """
            cp "$BATON_HANDOFF" "$0.file.json"
            echo "$BATON_HANDOFF" > "$0.path"
            cat > "$0.stdin.json"
            """);

    Outcome outcome = perform(program, TestAttempt.in(dir));

    assertThat(outcome).isEqualTo(Outcome.succeeded(""));
    JsonNode file = EventCodec.mapper().readTree(dir.resolve("handoff.sh.file.json").toFile());
    JsonNode stdin = EventCodec.mapper().readTree(dir.resolve("handoff.sh.stdin.json").toFile());
    assertThat(file).isEqualTo(stdin);
    assertThat(file.get("task").asText()).isEqualTo("Build the search page");
    assertThat(file.get("idempotencyKey").asText()).isEqualTo("run-1/build/1");
    assertThat(file.at("/context/constraints/0").asText()).isEqualTo("be quick");
    assertThat(file.at("/inputs/feature").asText()).isEqualTo("search");
    Path handoffFile = Path.of(Files.readString(dir.resolve("handoff.sh.path")).strip());
    assertThat(handoffFile).doesNotExist();
  }

  @Test
  void a_program_that_ignores_its_standard_input_is_fine() throws Exception {
    Path program = script(dir, "deaf.sh", "exec 0<&-; echo done");

    assertThat(perform(program, TestAttempt.in(dir))).isEqualTo(Outcome.succeeded("done"));
  }

  @Test
  void sets_baton_compensate_for_compensations() throws Exception {
    Path program = script(dir, "undo.sh", "echo \"compensate=${BATON_COMPENSATE:-no}\"");
    CommandAgent undo = CommandAgent.forArgv(List.of(program.toString()), dir, Map.of());

    assertThat(undo.perform(TestAttempt.handoff("undo"), TestAttempt.in(dir).compensation()))
        .isEqualTo(Outcome.succeeded("compensate=1"));
    assertThat(undo.asCompensation().perform(TestAttempt.handoff("undo"), TestAttempt.in(dir)))
        .isEqualTo(Outcome.succeeded("compensate=1"));
    assertThat(undo.perform(TestAttempt.handoff("do"), TestAttempt.in(dir)))
        .isEqualTo(Outcome.succeeded("compensate=no"));
  }

  @Test
  void runs_in_the_workdir_and_the_attempt_override_wins() throws Exception {
    Path program = script(dir, "pwd.sh", "pwd -P");
    Path elsewhere = Files.createDirectories(dir.resolve("worktree"));
    CommandAgent agent = CommandAgent.forArgv(List.of(program.toString()), dir, Map.of());

    assertThat(agent.perform(TestAttempt.handoff("t"), TestAttempt.in(dir)))
        .isEqualTo(Outcome.succeeded(dir.toRealPath().toString()));
    assertThat(agent.perform(TestAttempt.handoff("t"), TestAttempt.in(dir).withWorkdir(elsewhere)))
        .isEqualTo(Outcome.succeeded(elsewhere.toRealPath().toString()));
  }

  @Test
  void passes_arguments_as_they_are_without_a_shell() throws Exception {
    Path program = script(dir, "args.sh", "for a in \"$@\"; do echo \"[$a]\"; done");
    CommandAgent agent =
        CommandAgent.forArgv(
            List.of(program.toString(), "two words", "$HOME", "; rm -rf /", "*"), dir, Map.of());

    assertThat(agent.perform(TestAttempt.handoff("t"), TestAttempt.in(dir)))
        .isEqualTo(Outcome.succeeded("[two words]\n[$HOME]\n[; rm -rf /]\n[*]"));
  }

  @Test
  void resolves_references_in_argv_and_env_when_it_starts() throws Exception {
    Path program = script(dir, "refs.sh", "echo \"$1 $GREETING\"");
    CommandAgent agent =
        CommandAgent.forArgv(
            List.of(program.toString(), "${WHO}"), dir, Map.of("GREETING", "hello ${PLACE}"));
    TestAttempt attempt =
        TestAttempt.in(dir)
            .withSecrets(new MapSecrets(Map.of("WHO", "ada", "PLACE", "world"), Map.of()));

    assertThat(agent.perform(TestAttempt.handoff("t"), attempt))
        .isEqualTo(Outcome.succeeded("ada hello world"));
  }

  @Test
  void exit_code_zero_succeeds_with_the_other_standard_output_as_output() throws Exception {
    Path program =
        script(dir, "talk.sh", "echo one\necho '@baton status {\"progress\": 50}'\necho two");

    assertThat(perform(program, TestAttempt.in(dir))).isEqualTo(Outcome.succeeded("one\ntwo"));
  }

  @Test
  void the_last_output_line_is_the_output() throws Exception {
    Path program =
        script(
            dir,
            "out.sh",
            """
            echo '@baton output {"verdict": "draft"}'
            echo chatter
            echo '@baton output {"verdict": "ok", "score": 9, "files": ["a.java"]}'
            """);

    assertThat(perform(program, TestAttempt.in(dir)))
        .isEqualTo(
            Outcome.succeeded(Map.of("verdict", "ok", "score", 9, "files", List.of("a.java"))));
  }

  @Test
  void keeps_the_last_64_kib_of_standard_output() throws Exception {
    Path program =
        script(
            dir,
            "loud.sh",
            "i=0; while [ $i -lt 3000 ]; do echo \"line $i ................................................................\"; i=$((i+1)); done; echo last");

    Outcome outcome = perform(program, TestAttempt.in(dir));

    String out = (String) ((Outcome.Succeeded) outcome).output();
    assertThat(out.length()).isLessThanOrEqualTo(64 * 1024).isGreaterThan(60 * 1024);
    assertThat(out).endsWith("\nlast").doesNotContain("line 0 ").startsWith("line ");
  }

  @Test
  void a_nonzero_exit_fails_with_the_last_lines_of_standard_error() throws Exception {
    Path program =
        script(
            dir,
            "fail.sh",
            """
            echo working
            i=0; while [ $i -lt 20 ]; do echo "noise $i" >&2; i=$((i+1)); done
            echo 'compile error: Foo.java:3' >&2
            exit 3
            """);

    Outcome outcome = perform(program, TestAttempt.in(dir));

    assertThat(outcome).isInstanceOf(Outcome.Failed.class);
    String error = ((Outcome.Failed) outcome).error();
    assertThat(error)
        .startsWith("exit code 3: ")
        .endsWith("compile error: Foo.java:3")
        .doesNotContain("noise 10");
  }

  @Test
  void a_nonzero_exit_without_standard_error_says_the_code() throws Exception {
    assertThat(perform(script(dir, "quiet.sh", "exit 7"), TestAttempt.in(dir)))
        .isEqualTo(Outcome.failed("exit code 7"));
  }

  @Test
  void a_missing_program_fails_clearly() throws Exception {
    Outcome outcome = perform(dir.resolve("no-such-agent.sh"), TestAttempt.in(dir));

    assertThat(((Outcome.Failed) outcome).error())
        .startsWith("cannot start '" + dir.resolve("no-such-agent.sh") + "'")
        .contains("No such file or directory");
  }

  @Test
  void a_program_that_is_not_executable_fails_clearly() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "echo hi\n");

    assertThat(((Outcome.Failed) perform(file, TestAttempt.in(dir))).error())
        .startsWith("cannot start '" + file + "'")
        .contains("Permission denied");
  }

  @Test
  void a_missing_workdir_fails_clearly() throws Exception {
    Path program = script(dir, "ok.sh", "true");
    CommandAgent agent =
        CommandAgent.forArgv(List.of(program.toString()), dir.resolve("gone"), Map.of());

    assertThat(
            ((Outcome.Failed) agent.perform(TestAttempt.handoff("t"), TestAttempt.in(dir))).error())
        .contains("workdir")
        .contains("gone")
        .contains("is not a directory");
  }

  @Test
  void an_empty_argv_is_refused() {
    assertThatThrownBy(() -> CommandAgent.forArgv(List.of(), dir, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
