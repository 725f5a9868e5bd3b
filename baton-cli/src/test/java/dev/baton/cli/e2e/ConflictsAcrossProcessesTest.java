package dev.baton.cli.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code baton} processes on one SQLite store (docs/conflicts.md): an exclusive resource
 * and an agent of capacity 1 are never used by two of them at once, and a critical run in one
 * process preempts the step of a normal run in another. The agents write the start and end of their
 * work to marker files.
 */
class ConflictsAcrossProcessesTest {
  static final Path BATON =
      Path.of(System.getProperty("baton.home", "../"))
          .toAbsolutePath()
          .normalize()
          .resolve("baton");

  @TempDir Path dir;
  Path markers;

  @BeforeEach
  void files() throws IOException {
    markers = Files.createDirectories(dir.resolve("markers"));
    Path agent = dir.resolve("worker.sh");
    Files.writeString(
        agent,
        """
        #!/bin/sh
        # Records when it works; the first attempt of a run named slow-* holds on until stopped.
        set -eu
        m="$MARKERS/$BATON_RUN.$BATON_STEP.$BATON_ATTEMPT"
        echo "start $(date +%s%N)" > "$m.tmp"
        case "$BATON_RUN" in slow-*) if [ "$BATON_ATTEMPT" = 1 ]; then touch "$MARKERS/$BATON_RUN.holding"; sleep 60; fi ;; esac
        sleep "${HOLD:-0.4}"
        echo "end $(date +%s%N)" >> "$m.tmp"
        mv "$m.tmp" "$m"
        echo '@baton output {"done": true}'
        """);
    Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  Path workflow(String name, String priority, String resources, int capacity) throws IOException {
    Path wf = dir.resolve(name + ".yaml");
    Files.writeString(
        wf,
        """
        name: %s
        priority: %s
        team: [worker]
        agents:
          worker:
            capabilities: [work]
            capacity: %d
            command: [./worker.sh]
            env: { MARKERS: "%s" }
        phases:
          - name: only
            mode: sequential
            steps:
              - { id: work, agent: worker, task: Work, resources: %s }
        """
            .formatted(name, priority, capacity, markers, resources));
    return wf;
  }

  Process baton(String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of(BATON.toString()));
    argv.addAll(List.of(args));
    argv.addAll(List.of("--db", dir.resolve("baton.db").toString()));
    return new ProcessBuilder(argv)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve("out-" + System.nanoTime() + ".txt").toFile())
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.txt").toFile()))
        .start();
  }

  static int exit(Process p) throws InterruptedException {
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("process ends").isTrue();
    return p.exitValue();
  }

  /** [start, end] of every finished attempt, in nanoseconds. */
  List<long[]> spans() throws IOException {
    List<long[]> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(markers)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches(".*\\.\\d+$")).toList()) {
        List<String> lines = Files.readAllLines(f);
        out.add(
            new long[] {
              Long.parseLong(lines.get(0).split(" ")[1]), Long.parseLong(lines.get(1).split(" ")[1])
            });
      }
    }
    out.sort((a, b) -> Long.compare(a[0], b[0]));
    return out;
  }

  static void assertNoOverlap(List<long[]> spans) {
    for (int i = 1; i < spans.size(); i++) {
      assertThat(spans.get(i)[0])
          .as("attempt %d starts after attempt %d ended", i, i - 1)
          .isGreaterThanOrEqualTo(spans.get(i - 1)[1]);
    }
  }

  String events(String run) throws Exception {
    Process p =
        new ProcessBuilder(
                BATON.toString(),
                "events",
                run,
                "--json",
                "--db",
                dir.resolve("baton.db").toString())
            .directory(dir.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void three_processes_never_hold_an_exclusive_resource_at_once() throws Exception {
    Path wf = workflow("exclusive", "normal", "[db]", 3);
    List<Process> ps = new ArrayList<>();
    for (int i = 1; i <= 3; i++) ps.add(baton("run", wf.toString(), "--id", "db-" + i));
    for (Process p : ps) assertThat(exit(p)).isZero();
    List<long[]> spans = spans();
    assertThat(spans).hasSize(3);
    assertNoOverlap(spans);
    String all = events("db-1") + events("db-2") + events("db-3");
    assertThat(all)
        .contains("\"type\":\"ResourceWaiting\"")
        .contains("\"type\":\"ResourceAcquired\"")
        .contains("\"type\":\"ResourceReleased\"");
  }

  @Test
  void three_processes_share_an_agent_of_capacity_one_one_step_at_a_time() throws Exception {
    Path wf = workflow("capacity", "normal", "[]", 1);
    List<Process> ps = new ArrayList<>();
    for (int i = 1; i <= 3; i++) ps.add(baton("run", wf.toString(), "--id", "cap-" + i));
    for (Process p : ps) assertThat(exit(p)).isZero();
    List<long[]> spans = spans();
    assertThat(spans).hasSize(3);
    assertNoOverlap(spans);
    assertThat(events("cap-1") + events("cap-2") + events("cap-3"))
        .contains("\"type\":\"StepQueued\"");
  }

  @Test
  void a_critical_run_preempts_the_step_of_a_normal_run_in_another_process() throws Exception {
    Process normal =
        baton("run", workflow("normal", "normal", "[]", 1).toString(), "--id", "slow-1");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> Files.exists(markers.resolve("slow-1.holding")));
    Process critical =
        baton("run", workflow("critical", "critical", "[]", 1).toString(), "--id", "urgent-1");
    assertThat(exit(critical)).isZero();
    assertThat(exit(normal)).isZero();
    String journal = events("slow-1");
    assertThat(journal).contains("\"type\":\"StepPreempted\"");
    assertThat(journal).doesNotContain("\"type\":\"StepFailed\"");
    List<long[]> spans = spans();
    assertThat(spans).hasSize(2);
    assertThat(Files.exists(markers.resolve("urgent-1.work.1"))).isTrue();
    assertThat(Files.exists(markers.resolve("slow-1.work.2")))
        .as("the preempted step ran again")
        .isTrue();
    long criticalEnd =
        Files.readAllLines(markers.resolve("urgent-1.work.1")).get(1).split(" ")[1].length();
    assertThat(criticalEnd).isPositive();
    assertNoOverlap(spans);
  }
}
