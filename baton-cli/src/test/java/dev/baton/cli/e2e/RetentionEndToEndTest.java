package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton prune} and {@code retention:} in {@code baton.yaml}: finished runs go, unfinished
 * runs and bad arguments are safe.
 */
class RetentionEndToEndTest {
  @TempDir Path dir;

  @Test
  void prune_deletes_finished_runs_ended_before_the_cutoff_and_keeps_the_rest() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "tiny",
            "name: tiny\n"
                + EngineEndToEndTest.AGENTS
                + """
                phases:
                  - name: only
                    mode: sequential
                    steps:
                      - { id: one, agent: a, task: ok }
                """);
    Cli.Result first = cli.baton("run", wf.toString(), "--id", "done-1");
    assertThat(first.exit()).as("%s", first).isZero();
    assertThat(cli.baton("run", wf.toString(), "--id", "done-2").exit()).isZero();

    Cli.Result none = cli.baton("prune", "--before", "2000-01-01T00:00:00Z", "--json");
    assertThat(none.exit()).as("%s", none).isZero();
    assertThat(none.json().path("pruned").asInt()).isZero();

    Cli.Result all = cli.baton("prune", "--before", "2999-01-01T00:00:00Z", "--json");
    assertThat(all.exit()).as("%s", all).isZero();
    assertThat(all.json().path("pruned").asInt()).isEqualTo(2);
    assertThat(cli.baton("runs", "--json").json()).isEmpty();
    assertThat(cli.baton("show", "done-1").exit()).isEqualTo(2);
  }

  @Test
  void a_server_with_a_retention_setting_prunes_finished_runs_by_itself() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "tiny",
            "name: tiny\n"
                + EngineEndToEndTest.AGENTS
                + """
                phases:
                  - name: only
                    mode: sequential
                    steps:
                      - { id: one, agent: a, task: ok }
                """);
    assertThat(cli.baton("run", wf.toString(), "--id", "old").exit()).isZero();
    java.nio.file.Files.writeString(dir.resolve("baton.yaml"), "retention: 1s\n");
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Cli.Running server = cli.start("serve", "--port", String.valueOf(port));
    try {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofMinutes(3))
          .pollInterval(java.time.Duration.ofMillis(500))
          .until(() -> cli.baton("runs", "--json").json().isEmpty());
      assertThat(server.errSoFar()).doesNotContain("could not prune");
      // a server without --node or cluster.node is named after its host and port
      assertThat(server.outSoFar()).containsPattern("as node [A-Za-z0-9][A-Za-z0-9._-]*:" + port);
    } finally {
      server.kill9();
    }
  }

  @Test
  void a_bad_retention_setting_is_refused_with_exit_2() throws Exception {
    Cli cli = Cli.in(dir);
    java.nio.file.Files.writeString(dir.resolve("baton.yaml"), "retention: soon\n");
    Cli.Result r = cli.baton("serve", "--port", "0");
    assertThat(r.exit()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains("retention").doesNotContain("\tat ");
  }

  @Test
  void prune_without_a_cutoff_or_with_a_bad_age_is_refused_with_exit_2() throws Exception {
    Cli cli = Cli.in(dir);
    Cli.Result neither = cli.baton("prune");
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(neither.err()).contains("--older-than");
    Cli.Result bad = cli.baton("prune", "--older-than", "soon");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--older-than").doesNotContain("\tat ");
  }
}
