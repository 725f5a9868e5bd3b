package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Baton leaves behind on the machine: private files, no empty folders, no stray processes, no
 * credentials in agents' environments, and a quiet terminal.
 */
class HygieneEndToEndTest {
  @TempDir Path dir;

  @Test
  void the_store_and_inboxes_are_private_and_a_finished_runs_empty_inboxes_are_removed()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path perms = dir.resolve("perms.txt");
    Files.writeString(
        dir.resolve("inspect.sh"),
        "stat -c %a \"$BATON_INBOX\" \"$BATON_INBOX/..\" > '" + perms + "'\n");
    Path wf =
        cli.workflow(
            "private",
            """
            name: private
            agents:
              a: { command: [sh, ./inspect.sh] }
            phases:
              - { name: p, mode: sequential, steps: [ { id: s1, agent: a, task: look }, { id: s2, agent: a, task: look } ] }
            """);

    Cli.Result r = cli.baton("run", wf.toString(), "--id", "pv");

    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(Files.readString(perms).lines().toList())
        .as("the step's inbox and the run's folder")
        .containsExactly("700", "700");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.db)))
        .isEqualTo("rw-------");
    for (String suffix : List.of("-wal", "-shm")) {
      Path f = dir.resolve("baton.db" + suffix);
      if (Files.exists(f))
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
            .as(f.toString())
            .isEqualTo("rw-------");
    }
    assertThat(dir.resolve("inbox")).as("no empty folders left").doesNotExist();
  }

  @Test
  void agents_never_inherit_batons_server_token_or_other_credentials() throws Exception {
    Cli cli =
        Cli.in(dir)
            .env("BATON_SERVER", "http://127.0.0.1:9")
            .env("BATON_TOKEN", "tok-server-secret")
            .env("BATON_API_KEY", "key-secret")
            .env("BATON_PG_PASSWORD", "pw-secret")
            .env("BATON_VISIBLE_SETTING", "shown");
    Path env = dir.resolve("env.txt");
    Files.writeString(dir.resolve("dump.sh"), "env > '" + env + "'\n");
    Path wf =
        cli.workflow(
            "clean",
            """
            name: clean
            agents:
              a: { command: [sh, ./dump.sh], env: { DECLARED: "yes" } }
            phases:
              - { name: p, mode: sequential, steps: [ { id: s, agent: a, task: dump } ] }
            """);

    // --db: with BATON_SERVER set, commands would otherwise act through that server
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "cl", "--db", cli.db.toString());

    assertThat(r.exit()).as("%s", r).isZero();
    String seen = Files.readString(env);
    assertThat(seen)
        .contains("DECLARED=yes", "BATON_VISIBLE_SETTING=shown", "BATON_RUN=cl")
        .doesNotContain("BATON_SERVER", "tok-server-secret", "key-secret", "pw-secret");
  }

  @Test
  void ctrl_c_of_run_stops_every_process_the_agent_started_however_it_detached() throws Exception {
    Cli cli = Cli.in(dir);
    Files.writeString(
        dir.resolve("spawner.sh"),
        """
        sleep 300 &
        echo $! > child.pid
        setsid -f sh -c 'echo $$ > daemon.pid.tmp; mv daemon.pid.tmp daemon.pid; exec sleep 300' \
          < /dev/null > /dev/null 2>&1
        while true; do
          echo '@baton status {"progress": 10, "message": "working"}'
          sleep 1
        done
        """);
    Path wf =
        cli.workflow(
            "spawn",
            """
            name: spawn
            agents:
              a: { command: [sh, ./spawner.sh] }
            phases:
              - { name: p, mode: sequential, steps: [ { id: s, agent: a, task: spawn } ] }
            """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "sp", "--verbose");
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() ->
            Files.exists(dir.resolve("daemon.pid"))
                && Files.exists(dir.resolve("child.pid"))
                && run.outSoFar().contains("StatusReported"));
    List<Long> pids = new ArrayList<>();
    for (String f : List.of("child.pid", "daemon.pid"))
      pids.add(Long.parseLong(Files.readString(dir.resolve(f)).strip()));
    assertThat(pids).allMatch(HygieneEndToEndTest::running);

    run.signal("INT");
    Cli.Result paused = run.await();

    assertThat(paused.exit()).as("%s", paused).isEqualTo(130);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() ->
            assertThat(pids)
                .as("the background child and the detached daemon")
                .noneMatch(HygieneEndToEndTest::running));
  }

  @Test
  void odd_reports_from_agents_are_warnings_a_user_can_read() throws Exception {
    Cli cli = Cli.in(dir);
    Files.writeString(
        dir.resolve("odd.sh"),
        """
        echo '@baton review {"step": "no-such-step", "quality": 4}'
        echo '@baton output {"n": 1e999}'
        """);
    Path wf =
        cli.workflow(
            "odd",
            """
            name: odd
            agents:
              a: { command: [sh, ./odd.sh] }
            phases:
              - { name: p, mode: sequential, steps: [ { id: s, agent: a, task: odd } ] }
            """);

    Cli.Result r = cli.baton("run", wf.toString(), "--id", "od");

    assertThat(r.exit()).as("%s", r).isZero();
    String events = cli.baton("events", "od").out();
    assertThat(events)
        .contains("unknown step 'no-such-step'", "'n' is out of range")
        .doesNotContain("Infinity");
    assertThat(cli.baton("events", "od", "--json").out())
        .doesNotContain("FeedbackRecorded")
        .doesNotContain("Infinity");
  }

  @Test
  void ten_processes_starting_together_on_a_new_store_print_only_their_results() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "many",
            """
            name: many
            agents:
              a: { command: [sh, AGENT] }
            phases:
              - { name: p, mode: sequential, steps: [ { id: s, agent: a, task: go } ] }
            """);
    List<Cli.Running> runs = new ArrayList<>();
    for (int i = 0; i < 10; i++) runs.add(cli.start("run", wf.toString(), "--id", "m" + i));
    for (Cli.Running run : runs) {
      Cli.Result r = run.await(Duration.ofMinutes(5));
      assertThat(r.exit()).as("%s", r).isZero();
      assertThat(r.diagnostics()).as("%s", r).isEmpty();
    }
  }

  private static boolean running(long pid) {
    return ProcessHandle.of(pid).map(h -> h.isAlive() && !zombie(pid)).orElse(false);
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }
}
