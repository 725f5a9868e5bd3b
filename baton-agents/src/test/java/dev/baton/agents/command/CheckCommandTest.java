package dev.baton.agents.command;

import static dev.baton.agents.command.Scripts.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.agent.Cancellation;
import dev.baton.test.MapSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir Path dir;

  @Test
  void exit_zero_passes_with_the_output() {
    Path check =
        script(dir, "check.sh", "echo \"checking in $(pwd -P) with $MODE\"; echo 'warn' >&2");

    CheckCommand.Result result =
        CheckCommand.run(
            List.of(check.toString()), dir, Map.of("MODE", "strict"), new Cancellation(), MINUTE);

    assertThat(result.passed()).isTrue();
    assertThat(result.reason()).isEmpty();
    assertThat(result.output()).contains("with strict").contains("warn");
  }

  @Test
  void a_nonzero_exit_fails_with_the_last_output_lines() {
    Path check = script(dir, "check.sh", "echo '3 tests failed' >&2; exit 2");

    CheckCommand.Result result =
        CheckCommand.run(List.of(check.toString()), dir, Map.of(), new Cancellation(), MINUTE);

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).isEqualTo("exit code 2: 3 tests failed");
  }

  @Test
  void a_check_past_its_timeout_is_stopped_and_fails() throws Exception {
    Path check = script(dir, "slow.sh", "sleep 100 & echo $! > \"$0.child.pid\"; wait");

    CheckCommand.Result result =
        CheckCommand.run(
            List.of(check.toString()), dir, Map.of(), new Cancellation(), Duration.ofMillis(500));

    assertThat(result.passed()).isFalse();
    assertThat(result.reason()).isEqualTo("timed out after 0.5s");
    long child = Long.parseLong(Files.readString(dir.resolve("slow.sh.child.pid")).strip());
    await().until(() -> !ProcessTreeTest.alive(child));
  }

  @Test
  void a_cancelled_check_fails_promptly() throws Exception {
    Path check = script(dir, "slow.sh", "echo $$ > \"$0.pid\"; exec sleep 100");
    Cancellation cancellation = new Cancellation();
    CompletableFuture<CheckCommand.Result> result =
        CompletableFuture.supplyAsync(
            () -> CheckCommand.run(List.of(check.toString()), dir, Map.of(), cancellation, MINUTE));
    await().until(() -> !ProcessTreeTest.readQuietly(dir.resolve("slow.sh.pid")).isBlank());

    cancellation.cancel("run cancelled");

    assertThat(result.get(10, TimeUnit.SECONDS))
        .isEqualTo(new CheckCommand.Result(false, "cancelled: run cancelled", ""));
  }

  @Test
  void secrets_are_resolved_for_the_check_and_redacted_from_what_it_returns() {
    Path check = script(dir, "check.sh", "echo \"token=$TOKEN\"; exit 1");
    MapSecrets secrets = new MapSecrets(Map.of(), Map.of("TOKEN", "abc-123-xyz"));

    CheckCommand.Result result =
        CheckCommand.run(
            List.of(check.toString()),
            dir,
            Map.of("TOKEN", "${secret:TOKEN}"),
            secrets,
            new Cancellation(),
            MINUTE);

    assertThat(result.reason()).isEqualTo("exit code 1: token=***");
    assertThat(result.output()).isEqualTo("token=***");
  }

  @Test
  void a_missing_check_program_fails_clearly() {
    CheckCommand.Result result =
        CheckCommand.run(List.of("./no-such-check"), dir, Map.of(), new Cancellation(), MINUTE);

    assertThat(result.passed()).isFalse();
    assertThat(result.reason())
        .startsWith("cannot start './no-such-check'")
        .contains("No such file or directory");
  }
}
