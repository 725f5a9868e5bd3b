package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code baton serve} in the middle of a run, then a new {@code baton serve} on
 * the same store: the run goes on from where it was (finished steps are not run again, the running
 * one is started again as the same attempt with the same idempotency key, each step recorded once),
 * and a {@code baton run} following it through the server rides out the crash.
 */
class ServeCrashEndToEndTest {
  @TempDir Path dir;
  private Served server;

  @AfterEach
  void stopServer() {
    if (server != null) server.close();
  }

  @Test
  void a_run_goes_on_after_the_server_is_killed_and_started_again() throws Exception {
    Cli cli = Cli.in(dir);
    String token = Served.token(cli, "ops", "operator");
    Path wf =
        cli.workflow(
            "crash",
            """
            name: crash
            agents:
              a: { command: [sh, AGENT] }
            phases:
              - name: p
                mode: sequential
                steps:
                  - { id: s1, agent: a, task: go }
                  - { id: s2, agent: a, task: "wait=go" }
                  - { id: s3, agent: a, task: go }
            """);
    server = Served.start(cli);
    String url = server.url();
    Cli.Running follower =
        Cli.in(dir)
            .env("BATON_SERVER", url)
            .env("BATON_TOKEN", token)
            .start("run", wf.toString(), "--id", "k1", "--json");
    await().atMost(Duration.ofMinutes(2)).until(() -> cli.marker("s2.1.start"));
    server.kill9();
    server.restart();
    Files.writeString(cli.markers.resolve("go"), ""); // from now on s2 finishes

    Cli.Result end = follower.await(Duration.ofMinutes(3));
    assertThat(end.exit()).as("%s", end).isZero();
    assertThat(end.json().path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(end.err()).contains("cannot reach the server");
    // s1 ran once; s2 was started again as attempt 1 with the same key; each recorded once
    List<Cli.Mark> starts = cli.log("start");
    assertThat(starts).filteredOn(m -> m.step().equals("s1")).hasSize(1);
    List<Cli.Mark> s2 = starts.stream().filter(m -> m.step().equals("s2")).toList();
    assertThat(s2).hasSizeGreaterThanOrEqualTo(2).allMatch(m -> m.attempt() == 1);
    assertThat(s2).extracting(Cli.Mark::key).containsOnly("k1/s2/1");
    List<JsonNode> events = cli.events("k1");
    assertThat(Cli.ofType(events, "StepSucceeded"))
        .extracting(e -> e.path("step").asText())
        .containsExactly("s1", "s2", "s3");
    assertThat(Cli.ofType(events, "RunSucceeded")).hasSize(1);
  }

  @Test
  void a_server_stopped_with_sigterm_leaves_its_run_to_the_next_one() throws Exception {
    Cli cli = Cli.in(dir);
    String token = Served.token(cli, "ops", "operator");
    cli.workflow(
        "term",
        """
        name: term
        agents:
          a: { command: [sh, AGENT] }
        phases:
          - name: p
            mode: sequential
            steps:
              - { id: s1, agent: a, task: go }
              - { id: s2, agent: a, task: "wait=go" }
              - { id: s3, agent: a, task: go }
        """);
    server = Served.start(cli);
    assertThat(
            server.status(
                "POST", "/api/v1/runs", token, "{\"workflow\": \"term.yaml\", \"id\": \"t1\"}"))
        .isEqualTo(201);
    await().atMost(Duration.ofMinutes(2)).until(() -> cli.marker("s2.1.start"));
    server.stop();
    // stopped cleanly: the run has not ended, it is left to the next process
    assertThat(cli.show("t1").path("state").asText())
        .isNotIn("SUCCEEDED", "FAILED", "CANCELLED", "ROLLED_BACK");
    Files.writeString(cli.markers.resolve("go"), "");
    server.restart();
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> cli.show("t1").path("state").asText().equals("SUCCEEDED"));
    List<JsonNode> events = cli.events("t1");
    assertThat(Cli.ofType(events, "StepSucceeded"))
        .extracting(e -> e.path("step").asText())
        .containsExactly("s1", "s2", "s3");
    assertThat(cli.log("start")).filteredOn(m -> m.step().equals("s1")).hasSize(1);
  }
}
