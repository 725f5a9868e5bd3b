package dev.baton.agents.command;

import static dev.baton.agents.command.Scripts.script;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.agent.Outcome;
import dev.baton.agents.command.internal.ProcessTree;
import dev.baton.test.TestAttempt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timeouts, cancels and preemption stop the program's whole process tree
 * (docs/architecture.md#failure-handling).
 */
class ProcessTreeTest {
  @TempDir Path dir;

  private CompletableFuture<Outcome> start(CommandAgent agent, TestAttempt attempt) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return agent.perform(TestAttempt.handoff("t"), attempt);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        Executors.newVirtualThreadPerTaskExecutor());
  }

  private static long pid(Path file) throws Exception {
    return Long.parseLong(Files.readString(file).strip());
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessTree::isRunning).orElse(false);
  }

  @Test
  void cancelling_kills_the_program_its_children_and_grandchildren() throws Exception {
    Path program =
        script(
            dir,
            "tree.sh",
            """
            echo $$ > "$0.main.pid"
            sleep 100 &
            echo $! > "$0.child.pid"
            sh -c 'sleep 100 & echo $! > "$1.grandchild.pid"; echo $$ > "$1.middle.pid"; wait' sh "$0" &
            wait
            """);
    TestAttempt attempt = TestAttempt.in(dir);
    CompletableFuture<Outcome> outcome =
        start(CommandAgent.forArgv(List.of(program.toString()), dir, Map.of()), attempt);
    List<Path> pidFiles =
        Stream.of("main", "child", "middle", "grandchild")
            .map(n -> dir.resolve("tree.sh." + n + ".pid"))
            .toList();
    await()
        .until(() -> pidFiles.stream().allMatch(f -> Files.exists(f) && !readQuietly(f).isBlank()));
    List<Long> pids = pidFiles.stream().map(f -> Long.parseLong(readQuietly(f))).toList();
    assertThat(pids).allMatch(ProcessTreeTest::alive);

    attempt.cancellation().cancel("timed out after 30s");

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(Outcome.failed("cancelled: timed out after 30s"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(pids).noneMatch(ProcessTreeTest::alive));
  }

  @Test
  void a_program_that_ignores_term_is_killed_after_the_grace_period() throws Exception {
    Path program =
        script(
            dir,
            "stubborn.sh",
            """
            trap '' TERM
            sleep 100 &
            echo $! > "$0.child.pid"
            echo $$ > "$0.main.pid"
            wait
            """);
    TestAttempt attempt = TestAttempt.in(dir);
    Duration grace = Duration.ofMillis(700);
    CommandAgent agent =
        CommandAgent.forArgv(List.of(program.toString()), dir, Map.of()).killGrace(grace);
    CompletableFuture<Outcome> outcome = start(agent, attempt);
    await().until(() -> !readQuietly(dir.resolve("stubborn.sh.main.pid")).isBlank());
    long main = pid(dir.resolve("stubborn.sh.main.pid"));
    long child = pid(dir.resolve("stubborn.sh.child.pid"));

    long cancelledAt = System.nanoTime();
    attempt.cancellation().cancel("preempted by a critical run");

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(Outcome.failed("cancelled: preempted by a critical run"));
    assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt)).isGreaterThanOrEqualTo(grace);
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(main) && !alive(child));
  }

  @Test
  void a_grandchild_that_ignores_term_is_killed_after_its_parents_are_gone() throws Exception {
    Path program =
        script(
            dir,
            "orphaning.sh",
            """
            sh -c 'trap "" TERM; sleep 100 & echo $! > "$1.grandchild.pid"; wait' sh "$0" &
            wait
            """);
    TestAttempt attempt = TestAttempt.in(dir);
    CommandAgent agent =
        CommandAgent.forArgv(List.of(program.toString()), dir, Map.of())
            .killGrace(Duration.ofMillis(300));
    CompletableFuture<Outcome> outcome = start(agent, attempt);
    await().until(() -> !readQuietly(dir.resolve("orphaning.sh.grandchild.pid")).isBlank());
    long grandchild = pid(dir.resolve("orphaning.sh.grandchild.pid"));

    attempt.cancellation().cancel("timed out after 1s");

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(Outcome.failed("cancelled: timed out after 1s"));
    assertThat(alive(grandchild)).isFalse();
  }

  @Test
  void a_program_that_stops_on_term_ends_the_attempt_without_waiting_for_the_grace_period()
      throws Exception {
    Path program = script(dir, "polite.sh", "echo $$ > \"$0.pid\"; exec sleep 100");
    TestAttempt attempt = TestAttempt.in(dir);
    CompletableFuture<Outcome> outcome =
        start(
            CommandAgent.forArgv(List.of(program.toString()), dir, Map.of())
                .killGrace(Duration.ofSeconds(60)),
            attempt);
    await().until(() -> !readQuietly(dir.resolve("polite.sh.pid")).isBlank());

    attempt.cancellation().cancel("cancelled by ada");

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(Outcome.failed("cancelled: cancelled by ada"));
  }

  @Test
  void an_attempt_cancelled_before_it_starts_runs_nothing() throws Exception {
    Path program = script(dir, "never.sh", "touch \"$0.ran\"");
    TestAttempt attempt = TestAttempt.in(dir);
    attempt.cancellation().cancel("run cancelled");

    Outcome outcome =
        CommandAgent.forArgv(List.of(program.toString()), dir, Map.of())
            .perform(TestAttempt.handoff("t"), attempt);

    assertThat(outcome).isEqualTo(Outcome.failed("cancelled: run cancelled"));
    assertThat(dir.resolve("never.sh.ran")).doesNotExist();
  }

  @Test
  void a_background_child_left_by_a_program_that_exits_ends_with_the_attempt() throws Exception {
    Path program = script(dir, "leaver.sh", "sleep 100 & echo $! > \"$0.child.pid\"; echo done");

    Outcome outcome =
        CommandAgent.forArgv(List.of(program.toString()), dir, Map.of())
            .perform(TestAttempt.handoff("t"), TestAttempt.in(dir));

    assertThat(outcome).isEqualTo(Outcome.succeeded("done"));
    assertThat(alive(pid(dir.resolve("leaver.sh.child.pid")))).isFalse();
  }

  @Test
  void a_daemon_that_left_the_programs_session_ends_with_the_attempt_that_exited()
      throws Exception {
    Path program =
        script(
            dir,
            "detacher.sh",
            """
            setsid -f sh -c 'echo $$ > "$1.tmp"; mv "$1.tmp" "$1"; exec sleep 100' sh "$0.daemon.pid" \
              < /dev/null > /dev/null 2>&1
            while [ ! -s "$0.daemon.pid" ]; do sleep 0.05; done
            echo done
            """);

    Outcome outcome =
        CommandAgent.forArgv(List.of(program.toString()), dir, Map.of())
            .perform(TestAttempt.handoff("t"), TestAttempt.in(dir));

    assertThat(outcome).isEqualTo(Outcome.succeeded("done"));
    assertThat(alive(pid(dir.resolve("detacher.sh.daemon.pid")))).isFalse();
  }

  @Test
  void a_setsid_double_forked_grandchild_is_stopped_when_the_attempt_times_out() throws Exception {
    Path daemon =
        script(dir, "daemon.sh", "sleep 100 & echo $! > \"$1.tmp\"; mv \"$1.tmp\" \"$1\"");
    Path program =
        script(
            dir,
            "forker.sh",
            """
            sh -c 'setsid sh "$1" "$2" &' sh "%s" "$0.grandchild.pid" < /dev/null > /dev/null 2>&1
            exec sleep 100
            """
                .formatted(daemon));
    TestAttempt attempt = TestAttempt.in(dir);
    CompletableFuture<Outcome> outcome =
        start(CommandAgent.forArgv(List.of(program.toString()), dir, Map.of()), attempt);
    await().until(() -> !readQuietly(dir.resolve("forker.sh.grandchild.pid")).isBlank());
    long grandchild = pid(dir.resolve("forker.sh.grandchild.pid"));
    assertThat(alive(grandchild)).isTrue();

    attempt.cancellation().cancel("timed out after 1s");

    assertThat(outcome.get(30, TimeUnit.SECONDS))
        .isEqualTo(Outcome.failed("cancelled: timed out after 1s"));
    assertThat(alive(grandchild)).isFalse();
  }

  static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file).strip() : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
