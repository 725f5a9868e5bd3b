package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code baton} executable acting through a real {@code baton serve} on loopback ({@code
 * --server URL --token T}, or {@code BATON_SERVER} and {@code BATON_TOKEN}): the same output and
 * exit codes as on the store itself.
 */
class RemoteCliEndToEndTest {
  private static final String AGENTS =
      """
      agents:
        a: { command: [sh, AGENT], capabilities: [alpha] }
        b: { command: [sh, AGENT], capabilities: [alpha] }
      """;

  @TempDir Path dir;
  private Served server;

  @AfterEach
  void stopServer() {
    if (server != null) server.close();
  }

  @Test
  void every_command_acts_through_the_server_with_the_output_and_exit_codes_of_the_store()
      throws Exception {
    Cli local = Cli.in(dir);
    String admin = Served.token(local, "ops", "admin");
    String viewer = Served.token(local, "watcher", "viewer");
    local.workflow(
        "ok",
        "name: ok\n"
            + AGENTS
            + """
            phases:
              - name: p
                mode: sequential
                steps:
                  - { id: first, agent: a, task: "out=answer:42 notes=1" }
                  - { id: second, agent: b, task: go }
            """);
    Path wait =
        local.workflow(
            "wait",
            "name: wait\n"
                + AGENTS
                + """
                escalation:
                  - { when: "'ask' in findings", then: human, reason: Ask first }
                phases:
                  - name: p
                    mode: sequential
                    steps:
                      - { id: done, agent: a, task: "finding=ask" }
                      - { id: after, agent: b, task: go }
                """);
    server = Served.start(local);
    String url = server.url();

    // a workflow path relative to the folder both share; options before the command
    Cli.Result run =
        local.baton("--server", url, "--token", admin, "run", "ok.yaml", "--id", "r1", "--json");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.json().path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.json().path("steps")).hasSize(2);

    // reading: byte for byte what the store's own commands print
    for (String[] command :
        new String[][] {
          {"runs", "--json"},
          {"show", "r1"},
          {"show", "r1", "--json"},
          {"events", "r1", "--json"},
          {"status"},
          {"status", "--json"}
        }) {
      Cli.Result mine = local.baton(command);
      Cli.Result theirs = local.baton(with(command, "--server", url, "--token", admin));
      assertThat(theirs.exit()).as("%s", theirs).isZero();
      assertThat(theirs.out()).as(String.join(" ", command)).isEqualTo(mine.out());
    }

    // BATON_SERVER and BATON_TOKEN; a file outside the folder goes as its text; a person decides
    Cli remote = Cli.in(dir).env("BATON_SERVER", url).env("BATON_TOKEN", admin);
    Cli.Result waiting = remote.baton("run", wait.toString(), "--id", "w1", "--exit-on-human");
    assertThat(waiting.exit()).as("%s", waiting).isEqualTo(3);
    assertThat(waiting.out()).contains("w1 waits for a person");
    Cli.Result inbox = remote.baton("inbox", "--json");
    assertThat(inbox.out()).isEqualTo(local.baton("inbox", "--json").out());
    assertThat(server.json("/api/v1/tasks", admin)).isEqualTo(inbox.json());
    String task = inbox.json().get(0).path("id").asText();
    assertThat(remote.baton("inbox").out()).contains(task, "Ask first");
    Cli.Result approved = remote.baton("approve", task, "--by", "alice");
    assertThat(approved.exit()).as("%s", approved).isZero();
    assertThat(approved.out()).contains("Decision recorded for " + task + " (run w1): approve");
    Cli.Result followed = remote.baton("events", "w1", "--follow");
    assertThat(followed.exit()).as("%s", followed).isZero();
    assertThat(followed.out()).contains("HumanTaskResolved", "RunSucceeded");
    Cli.Result twice = remote.baton("approve", task);
    assertThat(twice.exit()).isEqualTo(2);
    assertThat(twice.err()).contains("task " + task + " was already decided");

    // a run followed through the server ends as it ends there: cancelled, exit 1
    Cli.Running watched = remote.start("run", wait.toString(), "--id", "w2");
    local.awaitEvent("w2", "RunWaiting");
    Cli.Result refused = remote.env("BATON_TOKEN", viewer).baton("cancel", "w2");
    assertThat(refused.exit()).as("%s", refused).isEqualTo(2);
    assertThat(refused.err()).contains("may not");
    Cli.Result cancelled = local.baton("cancel", "w2", "--server", url, "--token", admin);
    assertThat(cancelled.exit()).as("%s", cancelled).isZero();
    Cli.Result end = watched.await();
    assertThat(end.exit()).as("%s", end).isEqualTo(1);
    assertThat(end.out()).contains("Run w2 cancelled");

    // the server's own documents have the shapes of the command line's --json (docs/server.md)
    Map<String, String[]> same = new LinkedHashMap<>();
    same.put("/api/v1/runs", new String[] {"runs", "--json"});
    same.put("/api/v1/runs/r1", new String[] {"show", "r1", "--json"});
    same.put("/api/v1/runs/w2", new String[] {"show", "w2", "--json"});
    same.put("/api/v1/metrics", new String[] {"metrics", "--json"});
    same.put("/api/v1/alerts", new String[] {"alerts", "--json"});
    same.put("/api/v1/proposals", new String[] {"proposals", "--json"});
    same.put("/api/v1/config/history", new String[] {"config", "history", "--json"});
    for (var e : same.entrySet())
      assertThat(server.json(e.getKey(), admin)).as(e.getKey()).isEqualTo(local.json(e.getValue()));
    assertThat(server.json("/api/v1/metrics", admin).findValuesAsText("agent")).contains("a", "b");
    assertThat(server.text("/api/v1/runs/w1/events", admin))
        .isEqualTo(local.baton("events", "w1", "--json").out());

    // tokens, managed by an admin through the server, live in the store
    Cli.Result minted =
        local.baton("--server", url, "--token", admin, "token", "create", "ci", "--role", "viewer");
    assertThat(minted.exit()).as("%s", minted).isZero();
    String ci = minted.out().strip();
    assertThat(local.baton("runs", "--server", url, "--token", ci).exit()).isZero();
    Cli.Result listed = remote.env("BATON_TOKEN", admin).baton("token", "list", "--json");
    assertThat(listed.out()).isEqualTo(local.baton("token", "list", "--json").out());
    assertThat(listed.json())
        .extracting(t -> t.path("name").asText())
        .containsExactlyInAnyOrder("ops", "watcher", "ci");
    assertThat(remote.baton("token", "revoke", "ci").exit()).isZero();
    assertThat(local.baton("runs", "--server", url, "--token", ci).exit()).isEqualTo(2);

    // mistakes and failures: the exit codes of docs/operations.md
    Cli.Result unknown = local.baton("show", "nope", "--server", url, "--token", viewer);
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no run with id 'nope'");
    Cli.Result forged = local.baton("runs", "--server", url, "--token", "baton_forged");
    assertThat(forged.exit()).isEqualTo(2);
    assertThat(forged.err()).contains("refused the token");
    Cli.Result gone =
        local.baton("runs", "--server", "http://127.0.0.1:" + freePort(), "--token", admin);
    assertThat(gone.exit()).as("%s", gone).isEqualTo(4);
    assertThat(gone.err()).contains("cannot reach the server");
  }

  @Test
  void resume_prune_review_rollback_and_triage_act_through_the_server_too() throws Exception {
    Cli local = Cli.in(dir).env("BATON_EMBEDDINGS", "off");
    String operator = Served.token(local, "ops", "operator");
    String viewer = Served.token(local, "watcher", "viewer");
    local.workflow(
        "ok",
        "name: ok\n"
            + AGENTS
            + """
            phases:
              - name: p
                mode: sequential
                steps:
                  - { id: first, agent: a, task: go }
            """);
    Path wait =
        local.workflow(
            "wait",
            "name: wait\n"
                + AGENTS
                + """
                escalation:
                  - { when: "'ask' in findings", then: human, reason: Ask first }
                phases:
                  - name: p
                    mode: sequential
                    steps:
                      - { id: done, agent: a, task: "finding=ask" }
                      - { id: after, agent: b, task: go }
                """);
    java.nio.file.Files.writeString(
        dir.resolve("team.yaml"),
        """
        agents:
          db: { command: [echo, hi], capabilities: [database], keywords: [postgres, index, query] }
          web: { command: [echo, hi], capabilities: [frontend], keywords: [css, browser, layout] }
        """);
    server = Served.start(local);
    String url = server.url();
    Cli remote = Cli.in(dir).env("BATON_EMBEDDINGS", "off").env("BATON_SERVER", url);
    remote.env("BATON_TOKEN", operator);

    // resume: the server continues the run, this process follows it as `run --server` does
    Cli.Result ok = remote.baton("run", "ok.yaml", "--id", "r1");
    assertThat(ok.exit()).as("%s", ok).isZero();
    Cli.Result asked = remote.baton("run", wait.toString(), "--id", "w1", "--exit-on-human");
    assertThat(asked.exit()).as("%s", asked).isEqualTo(3);
    Cli.Result resumed = remote.baton("resume", "w1", "--exit-on-human");
    assertThat(resumed.exit()).as("%s", resumed).isEqualTo(3);
    assertThat(resumed.out()).contains("w1 waits for a person");
    Cli.Result resumedJson = remote.baton("resume", "w1", "--exit-on-human", "--json");
    assertThat(resumedJson.exit()).as("%s", resumedJson).isEqualTo(3);
    assertThat(resumedJson.json().path("state").asText()).isEqualTo("WAITING");
    Cli.Result ended = remote.baton("resume", "r1");
    assertThat(ended.exit()).as("%s", ended).isEqualTo(2);
    assertThat(ended.err()).isEqualTo("baton: run r1 already ended SUCCEEDED\n");
    Cli.Result endedHere = local.baton("resume", "r1");
    assertThat(endedHere.exit()).isEqualTo(2);
    assertThat(endedHere.err()).isEqualTo(ended.err());
    assertThat(remote.baton("resume", "nope").err()).isEqualTo(local.baton("resume", "nope").err());
    Cli.Result all = remote.baton("resume", "--all");
    assertThat(all.exit()).as("%s", all).isZero();
    assertThat(all.out()).isEqualTo("No unfinished run to resume.\n");
    Cli.Result notViewer =
        local.baton("resume", "w1", "--server", url, "--token", viewer, "--exit-on-human");
    assertThat(notViewer.exit()).as("%s", notViewer).isEqualTo(2);
    assertThat(notViewer.err()).contains("may not");

    // meta triage: byte for byte what the store's own command prints
    for (String[] command :
        new String[][] {
          {"meta", "triage", "the postgres query needs an index", "--agents", "team.yaml"},
          {"meta", "triage", "the browser layout breaks", "--agents", "team.yaml", "--json"},
          {"meta", "triage", "tune the query", "--agents", "team.yaml", "--team", "db", "--json"}
        }) {
      Cli.Result mine = local.baton(command);
      Cli.Result theirs = local.baton(with(command, "--server", url, "--token", viewer));
      assertThat(mine.exit()).as("%s", mine).isZero();
      assertThat(theirs.exit()).as("%s", theirs).isZero();
      assertThat(theirs.out()).as(String.join(" ", command)).isEqualTo(mine.out());
    }

    // config rollback: the store's refusal, word for word; viewers may not
    Cli.Result noVersion = local.baton("config", "rollback", "7");
    Cli.Result noVersionThere = remote.baton("config", "rollback", "7");
    assertThat(noVersionThere.exit()).as("%s", noVersionThere).isEqualTo(2);
    assertThat(noVersionThere.err()).isEqualTo(noVersion.err());
    assertThat(local.baton("config", "rollback", "7", "--server", url, "--token", viewer).err())
        .contains("may not");

    // review: the server writes the reports beside its store; a period is reviewed once
    Cli.Result review = remote.baton("review", "daily", "--at", "2026-11-20T12:00:00Z");
    assertThat(review.exit()).as("%s", review).isZero();
    java.util.regex.Matcher wrote =
        java.util.regex.Pattern.compile("Wrote (\\S+\\.md) and (\\S+\\.html)")
            .matcher(review.out());
    assertThat(wrote.find()).as(review.out()).isTrue();
    assertThat(Path.of(wrote.group(1))).exists();
    assertThat(Path.of(wrote.group(2))).exists();
    Cli.Result again = remote.baton("review", "daily", "--at", "2026-11-20T12:00:00Z");
    assertThat(again.exit()).as("%s", again).isEqualTo(2);
    assertThat(again.err()).contains("not reviewed");
    assertThat(remote.baton("review", "daily", "--out", "x").exit()).isEqualTo(2);

    // prune: the finished run goes, the waiting one stays
    assertThat(local.baton("prune", "--older-than", "1s", "--server", url, "--token", viewer).err())
        .contains("may not");
    Cli.Result pruned = remote.baton("prune", "--before", "2999-01-01T00:00:00Z", "--json");
    assertThat(pruned.exit()).as("%s", pruned).isZero();
    assertThat(pruned.json().path("pruned").asInt()).isEqualTo(1);
    assertThat(pruned.json().path("endedBefore").asText()).isEqualTo("2999-01-01T00:00:00Z");
    assertThat(local.json("runs", "--json").findValuesAsText("run")).containsExactly("w1");
    Cli.Result text = remote.baton("prune", "--before", "2999-01-01T00:00:00Z");
    assertThat(text.out())
        .isEqualTo("Pruned 0 finished run(s) that ended before 2999-01-01T00:00:00Z.\n");
  }

  private static String[] with(String[] command, String... more) {
    String[] all = java.util.Arrays.copyOf(command, command.length + more.length);
    System.arraycopy(more, 0, all, command.length, more.length);
    return all;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
