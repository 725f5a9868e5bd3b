package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The improvement cycle through {@code ./baton} as a user drives it: runs, a daily review that
 * tunes an estimate and a routing preference and opens a proposal, a next run that uses the tuned
 * values, the proposal approved and applied in the window, and a rollback.
 */
// each case starts the baton command a few dozen times: beside a CPU hog on two cores a case took
// 188-300 s, each command well within its own 120 s
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ImprovementE2ETest {
  private static final Path HOME = Path.of(System.getProperty("baton.home", ".")).toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private Result baton(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(HOME.resolve("baton").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--db", dir.resolve("b.db").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("BATON_DB");
    pb.environment().remove("BATON_CONFIG");
    pb.environment().put("BATON_EMBEDDINGS", "off"); // the rules alone: figures that never drift
    pb.redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), read("out.txt"), read("err.txt"));
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private List<JsonNode> events(String run) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : baton("events", run, "--json").out().split("\n"))
      if (!line.isBlank()) out.add(JSON.readTree(line));
    return out;
  }

  @Test
  void a_daily_review_tunes_what_the_next_run_uses_and_proposals_are_approved_and_applied()
      throws Exception {
    Path wf = dir.resolve("tune.yaml");
    Files.writeString(
        wf,
        """
        name: tune
        team: [a, b, c]
        agents:
          a: { capabilities: [build], command: ["true"] }
          b: { capabilities: [route], command: ["false"] }
          c: { capabilities: [route], command: ["true"] }
        phases:
          - name: work
            mode: sequential
            steps:
              - { id: build, agent: a, task: Build it, estimate: 10m }
              - { id: route, requires: [route], task: Route it }
        """);
    for (int i = 0; i < 3; i++) {
      Result r = baton("run", wf.toString(), "--json");
      assertThat(r.code()).as(r.err()).isZero();
    }

    Result review = baton("review", "daily", "--out", dir.resolve("reports").toString());
    assertThat(review.code()).as(review.err()).isZero();
    String date = LocalDate.now(ZoneOffset.UTC).toString();
    assertThat(dir.resolve("reports/review-daily-" + date + ".md")).exists();
    String html = Files.readString(dir.resolve("reports/review-daily-" + date + ".html"));
    assertThat(html).contains("<svg").contains("Task success %");

    JsonNode history = JSON.readTree(baton("config", "history", "--json").out());
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("change").asText())
        .isEqualTo("estimate of tune/build: 10m -> 5m");
    assertThat(history.get(1).path("change").asText())
        .isEqualTo("routing preference of tune/route: c > b");
    assertThat(history.get(1).fieldNames())
        .toIterable()
        .contains("version", "time", "author", "change", "reason");

    JsonNode proposals = JSON.readTree(baton("proposals", "--json").out());
    assertThat(proposals).hasSize(1);
    JsonNode p = proposals.get(0);
    assertThat(p.path("kind").asText()).isEqualTo("reassign");
    assertThat(p.path("subject").asText()).isEqualTo("tune/route");
    assertThat(p.path("state").asText()).isEqualTo("open");
    String id = p.path("id").asText();
    JsonNode inbox = JSON.readTree(baton("inbox", "--json").out());
    assertThat(inbox.findValuesAsText("id")).contains(id);

    // the next run takes version 2: the tuned estimate, and c first for the routed step
    Result next = baton("run", wf.toString(), "--json");
    assertThat(next.code()).isZero();
    String run = JSON.readTree(next.out()).path("run").asText();
    List<JsonNode> ev = events(run);
    JsonNode applied =
        ev.stream()
            .filter(e -> e.path("type").asText().equals("ConfigurationApplied"))
            .findFirst()
            .orElseThrow();
    assertThat(applied.path("version").asLong()).isEqualTo(2);
    JsonNode handoff =
        ev.stream()
            .filter(e ->
                e.path("type").asText().equals("HandoffSent")
                    && e.path("step").asText().equals("build"))
            .findFirst()
            .orElseThrow();
    assertThat(handoff.path("handoff").path("estimatedTime").asInt()).isEqualTo(5);
    assertThat(
            ev.stream()
                .filter(e ->
                    e.path("type").asText().equals("StepStarted")
                        && e.path("step").asText().equals("route"))
                .map(e -> e.path("agent").asText())
                .toList())
        .containsExactly("c");

    // approved, then applied in the low-traffic window (02:00-04:00 UTC by default)
    assertThat(baton("approve", id, "--by", "alice").code()).isZero();
    assertThat(JSON.readTree(baton("proposals", "--json").out()).get(0).path("state").asText())
        .isEqualTo("approved");
    String window = LocalDate.now(ZoneOffset.UTC).minusDays(1) + "T02:30:00Z";
    Result night =
        baton("review", "daily", "--at", window, "--out", dir.resolve("reports").toString());
    assertThat(night.code()).as(night.err()).isZero();
    assertThat(night.out()).contains("Applied proposal " + id);
    assertThat(JSON.readTree(baton("proposals", "--json").out()).get(0).path("state").asText())
        .isEqualTo("applied");
    history = JSON.readTree(baton("config", "history", "--json").out());
    assertThat(history).hasSize(3);
    assertThat(history.get(2).path("author").asText())
        .isEqualTo("proposal " + id + " approved by alice");

    // rollback: a new version restoring version 1
    Result rollback = baton("config", "rollback", "1");
    assertThat(rollback.code()).as(rollback.err()).isZero();
    history = JSON.readTree(baton("config", "history", "--json").out());
    assertThat(history).hasSize(4);
    assertThat(history.get(3).path("change").asText()).isEqualTo("rollback to version 1");
    assertThat(history.get(3).path("configuration"))
        .isEqualTo(history.get(0).path("configuration"));
    assertThat(baton("config", "rollback", "99").code()).isEqualTo(2);
    assertThat(baton("review", "yearly").code()).isEqualTo(2);
  }

  @Test
  void a_weekly_review_proposes_workflow_optimisations_and_the_next_run_drops_useless_retries()
      throws Exception {
    Path wf = dir.resolve("ops.yaml");
    Files.writeString(
        wf,
        """
        name: ops
        team: [a, b]
        inputs:
          urgent: { default: false }
        agents:
          a: { capabilities: [check], command: ["false"] }
          b: { capabilities: [page], command: ["true"] }
        phases:
          - name: prepare
            mode: sequential
            onFailure: skip
            steps:
              - { id: check, agent: a, task: Check it, retries: 1, retryDelay: 10ms }
              - { id: page, agent: b, task: Page someone, when: inputs.urgent }
        """);
    for (int i = 0; i < 5; i++) {
      Result r = baton("run", wf.toString(), "--json");
      assertThat(r.code()).as(r.err()).isZero();
    }

    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    Result weekly =
        baton("review", "weekly", "--at", tomorrow, "--out", dir.resolve("reports").toString());
    assertThat(weekly.code()).as(weekly.err()).isZero();
    String report = Files.readString(dir.resolve("reports/review-weekly-" + tomorrow + ".md"));
    assertThat(report).contains("[retries] retries of ops/check: 0").contains("[unused-step]");
    JsonNode proposals = JSON.readTree(baton("proposals", "--json").out());
    JsonNode retries = null, unused = null;
    for (JsonNode p : proposals) {
      if (p.path("kind").asText().equals("retries")) retries = p;
      if (p.path("kind").asText().equals("unused-step")) unused = p;
    }
    assertThat(retries).as(proposals.toString()).isNotNull();
    assertThat(retries.path("reason").asText())
        .startsWith("5 runs retried ops/check (5 retries")
        .contains("no retry succeeded");
    assertThat(unused).as(proposals.toString()).isNotNull();
    assertThat(unused.path("change").asText())
        .isEqualTo(
            "remove step page from phase prepare of the workflow file of ops (an edit you make)");
    assertThat(baton("proposals").out()).contains("(an edit you make)");

    for (JsonNode p : List.of(retries, unused))
      assertThat(baton("approve", p.path("id").asText(), "--by", "alice").code()).isZero();
    String window = LocalDate.now(ZoneOffset.UTC).minusDays(1) + "T02:30:00Z";
    Result night =
        baton("review", "daily", "--at", window, "--out", dir.resolve("reports").toString());
    assertThat(night.code()).as(night.err()).isZero();
    JsonNode history = JSON.readTree(baton("config", "history", "--json").out());
    JsonNode last = history.get(history.size() - 1).path("configuration");
    assertThat(last.path("workflows").path("ops").path("retries").path("check").asInt(-1)).isZero();
    assertThat(last.path("workflowEdits").has("unused-step ops/page")).isTrue();

    // the next run starts with retries 0 for check: one attempt, no retry
    Result next = baton("run", wf.toString(), "--json");
    assertThat(next.code()).as(next.err()).isZero();
    List<JsonNode> ev = events(JSON.readTree(next.out()).path("run").asText());
    assertThat(ev)
        .filteredOn(e -> e.path("type").asText().equals("ConfigurationApplied"))
        .singleElement()
        .satisfies(e -> assertThat(e.path("retries").path("check").asInt(-1)).isZero());
    assertThat(ev)
        .filteredOn(e ->
            e.path("type").asText().equals("StepStarted")
                && e.path("step").asText().equals("check"))
        .hasSize(1);
    assertThat(ev).noneMatch(e -> e.path("type").asText().equals("StepRetrying"));
  }

  @Test
  void corrections_become_a_profile_proposal_whose_keywords_the_triage_uses_once_applied()
      throws Exception {
    Files.writeString(
        dir.resolve("agents.yaml"),
        """
        agents:
          database:
            role: Database engineer
            capabilities: [sql, schema]
            keywords: [query, index, migration]
            command: ["true"]
          frontend:
            role: Frontend engineer
            capabilities: [ui, css]
            keywords: [button, page, layout]
            command: ["true"]
        """);
    String next = "The billing page shows old totals; reconciler stuck on the ledger rollup.";
    JsonNode before = JSON.readTree(baton("meta", "triage", next, "--json").out());
    assertThat(before.path("primary").asText()).isEqualTo("frontend");

    // three corrections: two reports moved to database share the team's own words
    for (String[] x :
        List.of(
            new String[] {
              "The orders page shows stale totals: the nightly reconciler skipped the ledger"
                  + " rollup again.",
              "database"
            },
            new String[] {
              "Export button gives yesterday's numbers; reconciler logs say the ledger rollup"
                  + " aborted.",
              "database"
            },
            new String[] {"The signup button is misaligned on the page in Safari.", "frontend"}))
      assertThat(baton("meta", "examples", "add", x[0], "--agent", x[1], "--by", "ana").code())
          .isZero();

    Result review = baton("review", "daily", "--out", dir.resolve("reports").toString());
    assertThat(review.code()).as(review.err()).isZero();
    JsonNode profile = null;
    for (JsonNode p : JSON.readTree(baton("proposals", "--json").out()))
      if (p.path("kind").asText().equals("profile")) profile = p;
    assertThat(profile).as(baton("proposals").out()).isNotNull();
    assertThat(profile.path("subject").asText()).isEqualTo("database");
    assertThat(profile.path("change").asText())
        .isEqualTo("add keywords ledger, reconciler, rollup to the profile of database");
    String id = profile.path("id").asText();
    assertThat(baton("approve", id, "--by", "alice").code()).isZero();
    String window = LocalDate.now(ZoneOffset.UTC).minusDays(1) + "T02:30:00Z";
    Result night =
        baton("review", "daily", "--at", window, "--out", dir.resolve("reports").toString());
    assertThat(night.out()).as(night.err()).contains("Applied proposal " + id);
    JsonNode history = JSON.readTree(baton("config", "history", "--json").out());
    assertThat(history.get(history.size() - 1).path("configuration").path("profileKeywords"))
        .hasToString("{\"database\":[\"ledger\",\"reconciler\",\"rollup\"]}");

    // the examples forgotten, the profile still leads such reports to database
    for (String e : List.of("E1", "E2", "E3"))
      assertThat(baton("meta", "examples", "remove", e).code()).isZero();
    JsonNode after = JSON.readTree(baton("meta", "triage", next, "--json").out());
    assertThat(after.path("primary").asText()).as(after.toString()).isEqualTo("database");
    assertThat(after.path("reasons").toString()).contains("reconcil");
  }
}
