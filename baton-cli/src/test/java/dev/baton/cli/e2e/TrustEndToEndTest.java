package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user can rely on: reading never creates a store, a mistyped store is an error, and Ctrl-C
 * pauses a run (resumable) while a second Ctrl-C cancels it — with real SIGINTs.
 */
class TrustEndToEndTest {
  /**
   * An agent that reports progress, then works until the file {@code go} exists in the folder; it
   * ignores SIGTERM, so stopping it takes Baton's grace period (TERM, then KILL after 5 s).
   */
  private static Path slowWorkflow(Cli cli) throws Exception {
    String go = cli.dir.resolve("go").toString();
    return cli.workflow(
        "slow",
        """
        name: slow
        agents:
          worker:
            command: ["sh", "-c", "trap '' TERM; echo '@baton status {\\"progress\\": 10}'; \
        while [ ! -f GO ]; do sleep 0.2; done"]
        phases:
          - name: work
            mode: sequential
            steps:
              - { id: first, agent: worker, task: work until told }
        """
            .replace("GO", go));
  }

  @Test
  void commands_that_only_read_never_create_a_store(@TempDir Path dir) throws Exception {
    Cli cli = Cli.in(dir).env("BATON_DB", ""); // no store named: the default .baton/baton.db
    Cli.Result runs = cli.baton("runs");
    assertThat(runs.exit()).as("%s", runs).isZero();
    assertThat(runs.out()).contains("No runs yet");
    assertThat(cli.baton("runs", "--json").out().strip()).isEqualTo("[]");
    for (String cmd : new String[] {"inbox", "alerts", "metrics", "status"})
      assertThat(cli.baton(cmd).exit()).as(cmd).isZero();
    Cli.Result show = cli.baton("show", "nope");
    assertThat(show.exit()).isEqualTo(2);
    assertThat(show.diagnostics())
        .containsExactly("baton: no run with id 'nope' (see `baton runs`)");
    assertThat(dir.resolve(".baton")).doesNotExist();
  }

  @Test
  void a_db_naming_a_missing_file_is_an_error_and_creates_nothing(@TempDir Path dir)
      throws Exception {
    Cli cli = Cli.in(dir);
    Path typo = dir.resolve("typo/x.db");
    for (String[] args :
        new String[][] {
          {"--db", typo.toString(), "show", "X"},
          {"show", "X", "--db", typo.toString()},
          {"runs", "--db=" + typo}
        }) {
      Cli.Result r = cli.baton(args);
      assertThat(r.exit()).as("%s", r).isEqualTo(2);
      assertThat(r.diagnostics())
          .singleElement()
          .asString()
          .startsWith("baton: no store at " + typo + ": the file does not exist");
    }
    assertThat(dir.resolve("typo")).doesNotExist();
    assertThat(cli.db).doesNotExist();
  }

  @Test
  void ctrl_c_pauses_the_run_and_resume_continues_it(@TempDir Path dir) throws Exception {
    Cli cli = Cli.in(dir);
    Path wf = slowWorkflow(cli);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "p1", "--verbose");
    await().atMost(Duration.ofSeconds(90)).until(() -> run.outSoFar().contains("StatusReported"));
    run.signal("INT");
    Cli.Result paused = run.await();
    assertThat(paused.exit()).as("%s", paused).isEqualTo(130);
    assertThat(paused.out())
        .contains("Run p1 paused — `baton resume p1` continues it (`baton cancel p1` cancels it).");
    assertThat(cli.show("p1").path("state").asText()).isEqualTo("RUNNING");
    // no process executes it now: the list says so, rather than RUNNING for ever
    assertThat(cli.json("runs", "--json").get(0).path("state").asText()).isEqualTo("PAUSED");
    assertThat(cli.json("runs", "--json", "--state", "PAUSED")).hasSize(1);
    assertThat(cli.json("runs", "--json", "--state", "RUNNING")).isEmpty();
    assertThat(cli.baton("runs").out()).contains("PAUSED");

    Files.createFile(dir.resolve("go"));
    Cli.Result resumed = cli.baton("resume", "p1");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(cli.show("p1").path("state").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void a_second_ctrl_c_cancels_the_run(@TempDir Path dir) throws Exception {
    Cli cli = Cli.in(dir);
    Path wf = slowWorkflow(cli);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "c1", "--verbose");
    await().atMost(Duration.ofSeconds(90)).until(() -> run.outSoFar().contains("StatusReported"));
    run.signal("INT");
    // the agent ignores TERM: Baton stops it for 5 s, and a second Ctrl-C meanwhile cancels
    await().atMost(Duration.ofSeconds(30)).until(() -> run.errSoFar().contains("pausing run c1"));
    run.signal("INT");
    Cli.Result r = run.await();
    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(r.err()).contains("baton: cancelling run c1");
    assertThat(r.out()).contains("Run c1 cancelled");
    assertThat(cli.show("c1").path("state").asText()).isEqualTo("CANCELLED");
  }
}
