package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests for real (docs/journal.md): {@code kill -9} of the JVM that executes a run — during a
 * step, between steps, in the middle of group commits, and twenty times at random — then {@code
 * baton resume}. Agents killed with their parent may linger, so a restarted attempt may run twice
 * (at-least-once execution); what must hold is exactly-once recording and restarts under the same
 * key.
 */
class CrashEndToEndTest {
  @TempDir Path dir;

  @Test
  void a_run_killed_during_a_step_resumes_and_restarts_that_step_with_the_same_key()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "during",
            """
            name: during
            agents:
              a: { command: [sh, AGENT] }
            phases:
              - name: line
                mode: sequential
                steps:
                  - { id: s1, agent: a, task: sleep=0.2 }
                  - { id: s2, agent: a, task: wait=go }
                  - { id: s3, agent: a, task: sleep=0.2 }
            """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "du");
    awaitMarker(cli, "s2.1.start");
    run.kill9();
    assertThat(cli.marker("s2.1.end")).isFalse();
    Files.writeString(cli.markers.resolve("go"), ""); // from now on s2 finishes

    Cli.Result resumed = cli.baton("resume", "du", "--json");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(resumed.json().path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(starts(cli, "s1"))
        .as("the finished step never runs again")
        .containsExactly("du/s1/1");
    assertThat(starts(cli, "s2"))
        .as("the running step restarts as the same attempt")
        .containsExactly("du/s2/1", "du/s2/1");
    assertThat(starts(cli, "s3")).containsExactly("du/s3/1");
    assertRecordedExactlyOnce(cli, "du", Set.of("s1", "s2", "s3"));
  }

  @Test
  void a_run_killed_the_moment_a_step_ends_records_that_step_exactly_once() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "edge",
            """
            name: edge
            agents:
              a: { command: [sh, AGENT] }
            phases:
              - name: line
                mode: sequential
                steps:
                  - { id: s1, agent: a, task: sleep=0.5 }
                  - { id: s2, agent: a, task: sleep=0.2 }
            """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "ed");
    awaitMarker(cli, "s1.1.end");
    run.kill9(); // the success may or may not be committed yet: either way it is recorded once
    Cli.Result resumed = cli.baton("resume", "ed", "--json");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(starts(cli, "s1")).allMatch(k -> k.equals("ed/s1/1"));
    assertRecordedExactlyOnce(cli, "ed", Set.of("s1", "s2"));
  }

  @Test
  void a_run_killed_between_attempts_resumes_without_repeating_finished_work() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "between",
            """
            name: between
            agents:
              a: { command: [sh, AGENT] }
            phases:
              - name: line
                mode: sequential
                steps:
                  - { id: s1, agent: a, task: go }
                  - { id: s2, agent: a, task: fail=1, retries: 1, retryDelay: 20s }
            """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "bt");
    awaitMarker(cli, "s2.1.start");
    // the kill lands while s2 waits for its retry: the journal is read directly, and the 20 s delay
    // leaves a busy machine ample time between the commit of StepRetrying and the retry
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> cli.journalHas("bt", "StepRetrying"));
    run.kill9(); // nothing runs now: s1 is done, s2 waits for its retry
    assertThat(cli.marker("s2.2.start")).as("the retry had not started before the kill").isFalse();

    Cli.Result resumed = cli.baton("resume", "bt", "--json");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(starts(cli, "s1")).containsExactly("bt/s1/1");
    assertThat(starts(cli, "s2"))
        .as("the failed attempt is not repeated; the retry is a new attempt")
        .containsExactly("bt/s2/1", "bt/s2/2");
    List<JsonNode> events = cli.events("bt");
    assertThat(ofType(events, "StepSucceeded"))
        .extracting(e -> e.path("step").asText() + "/" + e.path("attempt").asInt())
        .containsExactly("s1/1", "s2/2");
    assertSequential(events);
  }

  @Test
  void a_kill_in_the_middle_of_group_commits_of_many_parallel_steps_loses_nothing()
      throws Exception {
    Cli cli = Cli.in(dir);
    StringBuilder yaml =
        new StringBuilder(
            """
            name: burst
            agents:
              a: { command: [sh, AGENT], capacity: 12 }
              b: { command: [sh, AGENT], capacity: 12 }
            phases:
            """);
    Set<String> steps = new HashSet<>();
    for (int p = 1; p <= 3; p++) {
      yaml.append("  - name: burst-").append(p).append("\n    mode: parallel\n    steps:\n");
      for (int i = 1; i <= 16; i++) {
        String id = "p" + p + "-s" + i;
        steps.add(id);
        yaml.append("      - { id: ")
            .append(id)
            .append(", agent: ")
            .append(i % 2 == 0 ? "a" : "b")
            .append(", task: go }\n");
      }
    }
    Path wf = cli.workflow("burst", yaml.toString());
    Cli.Running run = cli.start("run", wf.toString(), "--id", "gc");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> cli.log("end").size() >= 14);
    run.kill9();
    Instant killed = Instant.now();
    Set<String> committedBefore =
        ofType(cli.events("gc"), "StepSucceeded").stream()
            .map(e -> e.path("step").asText())
            .collect(Collectors.toSet());

    Cli.Result resumed = cli.baton("resume", "--all", "--json");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(resumed.json()).hasSize(1);
    assertThat(resumed.json().get(0).path("state").asText()).isEqualTo("SUCCEEDED");
    for (String step : committedBefore) {
      assertThat(
              cli.log("start").stream()
                  .filter(m -> m.step().equals(step))
                  .filter(m -> m.nanos() > nanos(killed)))
          .as("step %s was recorded before the kill and must not start again", step)
          .isEmpty();
    }
    assertRecordedExactlyOnce(cli, "gc", steps);
  }

  @Test
  void a_second_resume_of_a_run_that_a_live_process_executes_is_refused_with_exit_code_4()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "live",
            """
            name: live
            agents:
              a: { command: [sh, AGENT] }
            phases:
              - { name: p, mode: sequential, steps: [ { id: long, agent: a, task: wait=go } ] }
            """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "lv");
    awaitMarker(cli, "long.1.start");
    Cli.Result second = cli.baton("resume", "lv");
    assertThat(second.exit()).as("%s", second).isEqualTo(4);
    assertThat(second.diagnostics())
        .anySatisfy(
            l -> assertThat(l).contains("lv").contains("being executed by another process"));
    assertThat(second.err()).doesNotContain("\tat ");
    Files.writeString(cli.markers.resolve("go"), ""); // the step may finish now
    Cli.Result first = run.await();
    assertThat(first.exit()).as("the live process goes on undisturbed: %s", first).isZero();
    assertThat(starts(cli, "long")).hasSize(1);
  }

  @Test
  void twenty_random_kills_over_one_run_lose_nothing_and_record_every_step_once() throws Exception {
    long seed = Long.getLong("baton.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    String why = "seed " + seed + " (rerun with -Dbaton.crash.seed=" + seed + ")";
    Cli cli = Cli.in(dir);
    StringBuilder yaml =
        new StringBuilder(
            """
            name: chaos
            agents:
              a: { command: [sh, AGENT], capacity: 3 }
              b: { command: [sh, AGENT], capacity: 3 }
            phases:
            """);
    Set<String> steps = new HashSet<>();
    String[] modes = {"parallel", "sequential", "parallel", "sequential", "parallel"};
    for (int p = 0; p < modes.length; p++) {
      yaml.append("  - name: phase-")
          .append(p + 1)
          .append("\n    mode: ")
          .append(modes[p])
          .append("\n    steps:\n");
      for (int i = 1; i <= 10; i++) {
        String id = "p" + (p + 1) + "-s" + i;
        steps.add(id);
        String sleep = modes[p].equals("parallel") ? "0.6" : "0.5";
        yaml.append("      - { id: ")
            .append(id)
            .append(", agent: ")
            .append(i % 2 == 0 ? "a" : "b")
            .append(", task: sleep=")
            .append(sleep)
            .append(" }\n");
      }
    }
    Path wf = cli.workflow("chaos", yaml.toString());
    Cli.Running running = cli.start("run", wf.toString(), "--id", "ch");
    awaitMarker(cli, "p1-s1.1.start");
    int kills = 0;
    Cli.Result last = null;
    while (true) {
      long delay = 300L + random.nextInt(1900);
      if (kills < 20
          && !running.process.waitFor(delay, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        running.kill9();
        kills++;
        running = cli.start("resume", kills % 4 == 0 ? "--all" : "ch");
        continue;
      }
      last = running.await(Duration.ofSeconds(90));
      break;
    }
    assertThat(kills).as("kills before the run ended; %s", why).isEqualTo(20);
    Cli.Result end = last;
    assertThat(end.exit() == 0 || end.err().contains("already ended"))
        .as("%s; %s", end, why)
        .isTrue();
    assertThat(cli.json("runs", "--json").get(0).path("state").asText())
        .as(why)
        .isEqualTo("SUCCEEDED");
    assertRecordedExactlyOnce(cli, "ch", steps);
  }

  // ---- invariants
  // ---------------------------------------------------------------------------------

  /**
   * Exactly-once recording: one StepStarted and one StepSucceeded per step, a gapless journal,
   * every start of a step under the key of its one attempt, each step ran to its end at least once,
   * and no step started again after its success was recorded.
   */
  private static void assertRecordedExactlyOnce(Cli cli, String run, Set<String> steps)
      throws Exception {
    List<JsonNode> events = cli.events(run);
    assertSequential(events);
    assertThat(events.getLast().path("type").asText()).isEqualTo("RunSucceeded");
    Map<String, Long> succeeded = new HashMap<>();
    for (JsonNode e : ofType(events, "StepSucceeded")) {
      assertThat(
              succeeded.put(e.path("step").asText(), nanos(Instant.parse(e.path("time").asText()))))
          .as("one StepSucceeded for %s", e.path("step").asText())
          .isNull();
    }
    assertThat(succeeded.keySet()).containsExactlyInAnyOrderElementsOf(steps);
    assertThat(ofType(events, "StepStarted"))
        .extracting(e -> e.path("step").asText())
        .doesNotHaveDuplicates();
    for (Cli.Mark m : cli.log("start")) {
      assertThat(m.key()).as("restarts keep the key").isEqualTo(run + "/" + m.step() + "/1");
      assertThat(m.nanos())
          .as("%s started after its success was recorded", m.step())
          .isLessThan(succeeded.get(m.step()));
    }
    assertThat(cli.log("end").stream().map(Cli.Mark::step).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(steps);
  }

  private static void assertSequential(List<JsonNode> events) {
    for (int i = 0; i < events.size(); i++)
      assertThat(events.get(i).path("seq").asLong()).as("gapless journal").isEqualTo(i + 1);
  }

  private static List<String> starts(Cli cli, String step) {
    return cli.log("start").stream().filter(m -> m.step().equals(step)).map(Cli.Mark::key).toList();
  }

  private static void awaitMarker(Cli cli, String name) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> cli.marker(name));
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
