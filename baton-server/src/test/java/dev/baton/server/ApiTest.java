package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.agent.Outcome;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTest {
  static final String WORKFLOW =
      """
      name: hello
      inputs:
        who: { default: world }
      phases:
        - name: greet
          mode: sequential
          steps:
            - { id: say, agent: greeter, task: "Say hello to {{inputs.who}}" }
      """;

  @TempDir Path dir;
  ServerFixture f;

  @BeforeEach
  void start() throws Exception {
    f =
        new ServerFixture(
            dir,
            Map.of("greeter", (h, a) -> Outcome.succeeded(Map.of("said", "hello " + h.task()))));
    f.write("hello.yaml", WORKFLOW);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void health_needs_no_token_and_everything_else_does() throws Exception {
    assertThat(f.get("/api/v1/health", null).body()).isEqualTo("{\"status\":\"ok\"}");
    HttpResponse<String> r = f.get("/api/v1/runs", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(ServerFixture.json(r).path("detail").asText()).contains("Bearer");
    assertThat(f.get("/api/v1/runs", "baton_forged").statusCode()).isEqualTo(401);
  }

  @Test
  void a_run_started_from_a_path_runs_to_its_end_and_shows_as_the_cli_does() throws Exception {
    String run =
        f.start("{\"workflow\": \"hello.yaml\", \"inputs\": {\"who\": \"Ada\"}, \"id\": \"h-1\"}");
    assertThat(run).isEqualTo("h-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> f.state(run).equals("SUCCEEDED"));
    JsonNode show = ServerFixture.json(f.get("/api/v1/runs/h-1", f.token.get(Role.VIEWER)));
    assertThat(show.path("steps").get(0).path("output").path("said").asText())
        .isEqualTo("hello Say hello to Ada");
    JsonNode list =
        ServerFixture.json(f.get("/api/v1/runs?state=succeeded&workflow=hello", f.admin()));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("run").asText()).isEqualTo("h-1");
    assertThat(ServerFixture.json(f.get("/api/v1/runs?state=FAILED", f.admin()))).isEmpty();
    String lines = f.get("/api/v1/runs/h-1/events", f.admin()).body();
    assertThat(lines.lines().findFirst().orElseThrow())
        .contains("\"seq\":1")
        .contains("RunStarted");
    assertThat(lines.lines().reduce((a, b) -> b).orElseThrow()).contains("RunSucceeded");
    assertThat(
            f.get("/api/v1/runs/h-1/events?after=2", f.admin())
                .body()
                .lines()
                .findFirst()
                .orElseThrow())
        .contains("\"seq\":3");
  }

  @Test
  void one_runs_summary_is_its_entry_of_the_list_and_the_board_is_served() throws Exception {
    String run = f.start("{\"workflow\": \"hello.yaml\", \"id\": \"s-1\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> f.state(run).equals("SUCCEEDED"));
    String viewer = f.token.get(Role.VIEWER);
    JsonNode summary = ServerFixture.json(f.get("/api/v1/runs/s-1/summary", viewer));
    JsonNode entry = ServerFixture.json(f.get("/api/v1/runs", viewer)).get(0);
    var withoutPrimary = summary.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) withoutPrimary).remove("primary");
    assertThat(withoutPrimary).isEqualTo(entry);
    assertThat(summary.has("primary")).isTrue();
    assertThat(summary.path("state").asText()).isEqualTo("SUCCEEDED");
    assertProblem(f.get("/api/v1/runs/nope/summary", viewer), 404, "no run with id 'nope'");
    JsonNode board = ServerFixture.json(f.get("/api/v1/status", viewer));
    assertThat(board.path("agents").isArray()).isTrue();
    assertThat(board.path("waiting").isArray()).isTrue();
  }

  @Test
  void a_run_started_from_inline_yaml_with_a_priority_runs() throws Exception {
    String body =
        Documents().createObjectNode().put("yaml", WORKFLOW).put("priority", "critical").toString();
    String run = f.start(body);
    await().atMost(Duration.ofSeconds(30)).until(() -> f.state(run).equals("SUCCEEDED"));
    assertThat(
            ServerFixture.json(f.get("/api/v1/runs/" + run, f.admin())).path("priority").asText())
        .isEqualTo("critical");
  }

  @Test
  void bad_requests_are_refused_with_problem_details_and_nothing_starts() throws Exception {
    String op = f.token.get(Role.OPERATOR);
    assertProblem(f.post("/api/v1/runs", op, "{not json"), 400, "not JSON");
    assertProblem(f.post("/api/v1/runs", op, "[1]"), 400, "JSON object");
    assertProblem(f.post("/api/v1/runs", op, "{}"), 400, "either 'workflow'");
    assertProblem(
        f.post("/api/v1/runs", op, "{\"workflow\": \"../../etc/passwd\"}"), 400, "relative");
    assertProblem(f.post("/api/v1/runs", op, "{\"workflow\": \"missing.yaml\"}"), 400, "no such");
    assertProblem(f.post("/api/v1/runs", op, "{\"yaml\": \"name: x\"}"), 400, "invalid workflow");
    assertProblem(
        f.post("/api/v1/runs", op, "{\"workflow\": \"hello.yaml\", \"inputs\": [1]}"),
        400,
        "inputs");
    assertProblem(
        f.post("/api/v1/runs", op, "{\"workflow\": \"hello.yaml\", \"priority\": \"urgent\"}"),
        400,
        "priority");
    assertProblem(
        f.post("/api/v1/runs", op, "{\"workflow\": \"hello.yaml\", \"id\": \"a/b\"}"), 400, "");
    assertProblem(
        f.post("/api/v1/runs", op, "{\"yaml\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}"),
        413,
        "larger");
    assertThat(f.store.runs()).isEmpty();
    assertProblem(f.get("/api/v1/runs/nope", op), 404, "no run");
    assertProblem(f.get("/api/v1/runs/..%2F..%2Fetc", op), 400, "not a valid");
    assertProblem(f.get("/api/v1/nothing-here", op), 404, "not found");
    assertProblem(
        f.post("/api/v1/tasks/nope/decision", f.admin(), "{\"action\": \"abort\"}"),
        404,
        "no human task");
    assertProblem(
        f.post("/api/v1/tasks/nope/decision", f.admin(), "{\"action\": \"dance\"}"),
        400,
        "unknown action");
  }

  @Test
  void a_taken_id_is_a_conflict_and_a_finished_run_cannot_be_cancelled() throws Exception {
    String run = f.start("{\"workflow\": \"hello.yaml\", \"id\": \"dup\"}");
    assertProblem(
        f.post("/api/v1/runs", f.admin(), "{\"workflow\": \"hello.yaml\", \"id\": \"dup\"}"),
        409,
        "already exists");
    await().atMost(Duration.ofSeconds(30)).until(() -> f.state(run).equals("SUCCEEDED"));
    assertProblem(f.post("/api/v1/runs/dup/cancel", f.admin(), ""), 409, "already ended");
  }

  @Test
  void feedback_on_a_finished_run_is_journaled() throws Exception {
    String run = f.start("{\"workflow\": \"hello.yaml\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> f.state(run).equals("SUCCEEDED"));
    HttpResponse<String> r =
        f.post(
            "/api/v1/runs/" + run + "/feedback",
            f.token.get(Role.APPROVER),
            "{\"step\": \"say\", \"quality\": 9}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(f.get("/api/v1/runs/" + run + "/events", f.admin()).body())
        .contains("FeedbackRecorded");
    assertProblem(
        f.post("/api/v1/runs/" + run + "/feedback", f.admin(), "{\"quality\": 11}"),
        400,
        "1 to 10");
  }

  static com.fasterxml.jackson.databind.ObjectMapper Documents() {
    return dev.baton.server.internal.Documents.MAPPER;
  }

  static void assertProblem(HttpResponse<String> r, int status, String detail) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode n = ServerFixture.json(r);
    assertThat(n.path("status").asInt()).isEqualTo(status);
    assertThat(n.path("detail").asText()).contains(detail).doesNotContain("Exception\n\tat ");
  }
}
