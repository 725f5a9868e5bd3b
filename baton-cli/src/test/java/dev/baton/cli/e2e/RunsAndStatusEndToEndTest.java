package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily use through {@code ./baton}: every filter {@code baton runs} offers, and {@code baton
 * status --watch} showing the board again when another process changes the store.
 */
class RunsAndStatusEndToEndTest {

  private static Path quick(Cli cli, String name, String command) throws Exception {
    return cli.workflow(
        name,
        """
        name: NAME
        agents:
          worker: { command: ["sh", "-c", "COMMAND"] }
        phases:
          - name: work
            mode: sequential
            onFailure: rollback-run
            steps:
              - { id: only, agent: worker, task: do it }
        """
            .replace("NAME", name)
            .replace("COMMAND", command));
  }

  private static List<String> ids(JsonNode runs) {
    List<String> out = new ArrayList<>();
    runs.forEach(r -> out.add(r.path("run").asText()));
    return out;
  }

  @Test
  void runs_filters_by_state_workflow_and_limit_newest_first(@TempDir Path dir) throws Exception {
    Cli cli = Cli.in(dir);
    Path alpha = quick(cli, "alpha", "true");
    Path beta = quick(cli, "beta", "true");
    Path broken = quick(cli, "broken", "exit 1"); // rolled back: no person is called in
    assertThat(cli.baton("run", alpha.toString(), "--id", "a1").exit()).isZero();
    assertThat(cli.baton("run", beta.toString(), "--id", "b1").exit()).isZero();
    assertThat(cli.baton("run", broken.toString(), "--id", "x1").exit()).isEqualTo(1);
    String failed = cli.show("x1").path("state").asText();
    assertThat(cli.baton("run", alpha.toString(), "--id", "a2").exit()).isZero();

    assertThat(ids(cli.json("runs", "--json"))).containsExactly("a2", "x1", "b1", "a1");
    assertThat(ids(cli.json("runs", "--json", "--state", "SUCCEEDED")))
        .containsExactly("a2", "b1", "a1");
    assertThat(
            ids(cli.json("runs", "--json", "--state", failed.toLowerCase(java.util.Locale.ROOT))))
        .containsExactly("x1");
    assertThat(ids(cli.json("runs", "--json", "--state", failed + ",SUCCEEDED")))
        .containsExactly("a2", "x1", "b1", "a1");
    assertThat(ids(cli.json("runs", "--json", "--state", failed, "--state", "CANCELLED")))
        .containsExactly("x1");
    assertThat(ids(cli.json("runs", "--json", "--workflow", "alpha"))).containsExactly("a2", "a1");
    assertThat(ids(cli.json("runs", "--json", "--workflow", "nothing"))).isEmpty();
    assertThat(ids(cli.json("runs", "--json", "--limit", "2"))).containsExactly("a2", "x1");
    assertThat(ids(cli.json("runs", "--json", "--limit", "0"))).hasSize(4);
    assertThat(
            ids(
                cli.json(
                    "runs",
                    "--json",
                    "--workflow",
                    "alpha",
                    "--state",
                    "SUCCEEDED",
                    "--limit",
                    "1")))
        .containsExactly("a2");

    JsonNode one = cli.json("runs", "--json", "--workflow", "beta").get(0);
    assertThat(one.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(one.path("ended").asText()).isNotBlank();
    assertThat(one.path("duration").isNumber()).isTrue();

    Cli.Result table = cli.baton("runs", "--state", failed);
    assertThat(table.exit()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .contains("RUN", "WORKFLOW", "STATE", "ENDED", "DURATION");
    assertThat(table.out()).contains("x1").contains(failed).doesNotContain("a1");
    assertThat(cli.baton("runs", "--workflow", "nothing").out()).contains("No runs match.");
  }

  @Test
  void runs_refuses_unknown_states_and_negative_limits(@TempDir Path dir) throws Exception {
    Cli cli = Cli.in(dir);
    Cli.Result state = cli.baton("runs", "--state", "DONE");
    assertThat(state.exit()).as("%s", state).isEqualTo(2);
    assertThat(state.err()).contains("--state: unknown state 'DONE'").contains("PAUSED");
    Cli.Result limit = cli.baton("runs", "--limit", "-1");
    assertThat(limit.exit()).as("%s", limit).isEqualTo(2);
    assertThat(limit.err()).contains("--limit must be 0 (all) or more");
  }

  @Test
  void status_watch_shows_the_board_again_when_another_process_changes_the_store(@TempDir Path dir)
      throws Exception {
    Cli cli = Cli.in(dir);
    String go = dir.resolve("go").toString();
    Path wf =
        quick(
            cli,
            "held",
            "echo '@baton status {\\\"progress\\\": 40, \\\"message\\\": \\\"halfway\\\"}';"
                + " while [ ! -f GO ]; do sleep 0.2; done".replace("GO", go));
    Files.createFile(dir.resolve("go"));
    assertThat(cli.baton("run", wf.toString(), "--id", "w0").exit()).isZero();
    Files.delete(dir.resolve("go"));

    // one board per line; when nothing signals a change, the watch looks again only after
    // minutes: each new board below comes from the store's signal (the file's notification)
    Cli.Running watch = cli.start("status", "--watch", "--json");
    try {
      await().atMost(Duration.ofSeconds(60)).until(() -> boards(watch).size() >= 1);
      assertThat(boards(watch).getFirst().get(0).path("run").asText()).isEqualTo("w0");

      Cli.Running run = cli.start("run", wf.toString(), "--id", "w1");
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> boards(watch).stream().anyMatch(b -> has(b, "w1", true)));
      Files.createFile(dir.resolve("go"));
      assertThat(run.await().exit()).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> boards(watch).stream().anyMatch(b -> has(b, "w1", false)));
      assertThat(watch.process.isAlive()).isTrue();
    } finally {
      watch.process.destroy();
    }
  }

  private static boolean has(JsonNode board, String run, boolean active) {
    for (JsonNode n : board)
      if (n.path("run").asText().equals(run)
          && n.path("active").asBoolean() == active
          && n.path("message").asText().equals("halfway")) return true;
    return false;
  }

  private static List<JsonNode> boards(Cli.Running watch) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : watch.outSoFar().lines().toList()) {
      try {
        out.add(Cli.JSON.readTree(line));
      } catch (java.io.IOException partLine) {
        // the line being written
      }
    }
    return out;
  }
}
