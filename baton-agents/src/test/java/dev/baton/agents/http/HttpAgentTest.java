package dev.baton.agents.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.agent.Answer;
import dev.baton.agent.Attempt;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agent.Status;
import dev.baton.test.MapSecrets;
import dev.baton.test.RecordingReporter;
import dev.baton.test.TestAttempt;
import dev.baton.workflow.AgentSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code http} agents against real HTTP servers on loopback: plain JSON and A2A JSON-RPC. */
class HttpAgentTest {
  static final ObjectMapper JSON = new ObjectMapper();

  record Scripted(int status, String body, Map<String, String> headers) {}

  final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  final List<String> auth = new CopyOnWriteArrayList<>();
  final Deque<Scripted> script = new ArrayDeque<>();
  final TestAttempt attempt =
      TestAttempt.in(Path.of("."))
          .as("review", "reviewer")
          .withSecrets(new MapSecrets(Map.of(), Map.of("AGENT_TOKEN", "tok-secret-123")));
  final RecordingReporter reports = attempt.recorder();
  final HttpServer server;

  HttpAgentTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] in = ex.getRequestBody().readAllBytes();
    bodies.add(in.length == 0 ? JSON.nullNode() : JSON.readTree(in));
    auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    Scripted a;
    synchronized (script) {
      a = script.poll();
    }
    if (a == null) a = new Scripted(500, "{\"error\": \"script exhausted\"}", Map.of());
    if (a.status() == 0) {
      try {
        closing.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
      return;
    }
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0)
      try (var os = ex.getResponseBody()) {
        os.write(out);
      }
    ex.close();
  }

  HttpAgentTest then(int status, String body) {
    return then(status, body, Map.of());
  }

  HttpAgentTest then(int status, String body, Map<String, String> headers) {
    synchronized (script) {
      script.add(new Scripted(status, body, headers));
    }
    return this;
  }

  /** Released when the test ends: a scripted answer of status 0 hangs until then. */
  final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

  @AfterEach
  void stop() {
    closing.countDown();
    server.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/agent";
  }

  Outcome perform(String protocol) throws Exception {
    HttpAgent agent =
        HttpAgent.of(
                new AgentSpec.Http(
                    url(), Optional.of("${secret:AGENT_TOKEN}"), protocol, Optional.empty()))
            .delay(5);
    return agent.perform(handoff(), attempt());
  }

  @Test
  void json_posts_the_handoff_and_applies_the_reply() throws Exception {
    then(
        200,
        "{\"output\": {\"verdict\": \"approve\"}, \"findings\": [{\"tags\": [\"perf\"], \"summary\": \"slow\"}]}");

    Outcome o = perform("json");

    assertThat(o).isEqualTo(Outcome.succeeded(Map.of("verdict", "approve")));
    assertThat(bodies.get(0).path("task").asText()).isEqualTo("Review the change");
    assertThat(bodies.get(0).path("idempotencyKey").asText()).isEqualTo("run-1/review/1");
    assertThat(auth).containsExactly("Bearer tok-secret-123");
    assertThat(reports.findings)
        .containsExactly(new RecordingReporter.Finding(List.of("perf"), "slow"));
  }

  @Test
  void json_202_with_a_location_is_polled_until_the_reply_is_there() throws Exception {
    then(202, "", Map.of("Location", "/jobs/7"))
        .then(202, "", Map.of("Location", "/jobs/7"))
        .then(200, "{\"output\": \"done\"}");

    assertThat(perform("json")).isEqualTo(Outcome.succeeded("done"));
    assertThat(bodies).hasSize(3);
    assertThat(auth).containsOnly("Bearer tok-secret-123");
  }

  @Test
  void json_server_errors_are_retried_and_client_errors_fail_with_the_token_redacted()
      throws Exception {
    then(503, "busy").then(429, "slow down").then(200, "{\"output\": 1}");
    assertThat(perform("json")).isEqualTo(Outcome.succeeded(1));

    then(403, "token tok-secret-123 is not allowed");
    Outcome o = perform("json");
    assertThat(((Outcome.Failed) o).error())
        .startsWith("HTTP 403 from ")
        .contains("token *** is not allowed")
        .doesNotContain("tok-secret-123");
  }

  @Test
  void json_replies_outside_the_shape_fail_quoting_them() throws Exception {
    then(200, "<html>oops</html>");
    assertThat(((Outcome.Failed) perform("json")).error())
        .isEqualTo(
            "the agent's reply is not the expected JSON (the reply is not JSON: Unexpected character ('<' (code 60)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')): <html>oops</html>");
  }

  @Test
  void a2a_sends_the_handoff_as_a_data_part_and_follows_the_task_to_its_artifact()
      throws Exception {
    then(
            200,
            """
            {"jsonrpc": "2.0", "id": 1, "result": {"kind": "task", "id": "t-9", "contextId": "c-1",
              "status": {"state": "submitted"}}}\
            """)
        .then(
            200,
            """
            {"jsonrpc": "2.0", "id": 2, "result": {"kind": "task", "id": "t-9", "contextId": "c-1",
              "status": {"state": "working", "message": {"kind": "message", "role": "agent",
                "messageId": "m-2", "parts": [{"kind": "text", "text": "reading the diff"}]}}}}\
            """)
        .then(
            200,
            """
            {"jsonrpc": "2.0", "id": 3, "result": {"kind": "task", "id": "t-9", "contextId": "c-1",
              "status": {"state": "completed"},
              "artifacts": [{"artifactId": "a-1", "parts": [{"kind": "data", "data": {"verdict": "approve", "comments": 2}}]}]}}\
            """);

    Outcome o = perform("a2a");

    assertThat(o).isEqualTo(Outcome.succeeded(Map.of("verdict", "approve", "comments", 2)));
    JsonNode send = bodies.get(0);
    assertThat(send.path("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(send.path("method").asText()).isEqualTo("message/send");
    assertThat(send.at("/params/message/role").asText()).isEqualTo("user");
    assertThat(send.at("/params/message/messageId").asText()).isEqualTo("run-1/review/1");
    assertThat(send.at("/params/message/parts/0/text").asText()).isEqualTo("Review the change");
    assertThat(send.at("/params/message/parts/1/kind").asText()).isEqualTo("data");
    assertThat(send.at("/params/message/parts/1/data/taskId").asText()).isEqualTo("run-1/review/1");
    assertThat(bodies.get(1).path("method").asText()).isEqualTo("tasks/get");
    assertThat(bodies.get(1).at("/params/id").asText()).isEqualTo("t-9");
    assertThat(reports.statuses)
        .extracting(Status::message)
        .containsExactly("submitted", "reading the diff");
  }

  @Test
  void a2a_message_answers_and_reply_shaped_artifacts_are_applied() throws Exception {
    then(
        200,
        """
        {"jsonrpc": "2.0", "id": 1, "result": {"kind": "message", "role": "agent", "messageId": "m",
          "parts": [{"kind": "data", "data": {"output": {"ok": true}, "gap": {"capability": "k8s", "reason": "no cluster"}}}]}}\
        """);

    assertThat(perform("a2a")).isEqualTo(Outcome.succeeded(Map.of("ok", true)));
    assertThat(reports.gaps).extracting(RecordingReporter.Gap::capability).containsExactly("k8s");
  }

  @Test
  void a2a_failed_input_required_and_rpc_errors_fail_the_attempt_saying_why() throws Exception {
    then(
        200,
        """
        {"jsonrpc": "2.0", "id": 1, "result": {"kind": "task", "id": "t", "status": {"state": "failed",
          "message": {"kind": "message", "role": "agent", "messageId": "m", "parts": [{"kind": "text", "text": "repo not found"}]}}}}\
        """);
    assertThat(perform("a2a"))
        .isEqualTo(Outcome.failed("the remote agent's task is failed: repo not found"));

    then(
        200,
        """
        {"jsonrpc": "2.0", "id": 1, "result": {"kind": "task", "id": "t", "status": {"state": "input-required",
          "message": {"kind": "message", "role": "agent", "messageId": "m", "parts": [{"kind": "text", "text": "which branch?"}]}}}}\
        """);
    then(200, "{\"jsonrpc\": \"2.0\", \"id\": 2, \"result\": {\"kind\": \"task\", \"id\": \"t\"}}");
    assertThat(perform("a2a"))
        .isEqualTo(
            Outcome.failed(
                "the remote agent asked for input (which branch?) and got none: nobody answers"
                    + " in this test"));
    assertThat(bodies.getLast().path("method").asText()).isEqualTo("tasks/cancel");
    assertThat(bodies.getLast().at("/params/id").asText()).isEqualTo("t");

    then(
        200,
        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": -32601, \"message\": \"Method not found\"}}");
    assertThat(perform("a2a"))
        .isEqualTo(Outcome.failed("A2A error -32601 on message/send: Method not found"));
  }

  @Test
  void a2a_input_required_asks_a_person_and_sends_the_answer_back_on_the_same_task()
      throws Exception {
    reports.answering(q -> Answer.given("main, please", "ada"));
    then(
            200,
            """
            {"jsonrpc": "2.0", "id": 1, "result": {"kind": "task", "id": "t-3", "contextId": "c-3",
              "status": {"state": "input-required", "message": {"kind": "message", "role": "agent",
              "messageId": "q-1", "parts": [{"kind": "text", "text": "which branch?"}]}}}}\
            """)
        // the answer is not applied yet: the same question, which is not asked twice
        .then(
            200,
            """
            {"jsonrpc": "2.0", "id": 2, "result": {"kind": "task", "id": "t-3", "contextId": "c-3",
              "status": {"state": "input-required", "message": {"kind": "message", "role": "agent",
              "messageId": "q-1", "parts": [{"kind": "text", "text": "which branch?"}]}}}}\
            """)
        .then(
            200,
            """
            {"jsonrpc": "2.0", "id": 3, "result": {"kind": "task", "id": "t-3", "status": {"state": "completed"},
              "artifacts": [{"artifactId": "a", "parts": [{"kind": "data", "data": {"branch": "main"}}]}]}}\
            """);

    assertThat(perform("a2a")).isEqualTo(Outcome.succeeded(Map.of("branch", "main")));
    assertThat(reports.questions).containsExactly("The remote agent reviewer asks: which branch?");
    JsonNode answer = bodies.get(1);
    assertThat(answer.path("method").asText()).isEqualTo("message/send");
    assertThat(answer.at("/params/message/taskId").asText()).isEqualTo("t-3");
    assertThat(answer.at("/params/message/contextId").asText()).isEqualTo("c-3");
    assertThat(answer.at("/params/message/messageId").asText())
        .isEqualTo("run-1/review/1/answer/1");
    assertThat(answer.at("/params/message/parts/0/text").asText()).isEqualTo("main, please");
    assertThat(bodies.get(2).path("method").asText()).isEqualTo("tasks/get");
    assertThat(reports.statuses)
        .extracting(Status::message)
        .contains("answered by ada; sent back to the remote agent");
  }

  @Test
  void an_agent_that_does_not_answer_within_its_timeout_fails_the_attempt() throws Exception {
    then(0, "");
    HttpAgent agent =
        HttpAgent.of(
                new AgentSpec.Http(
                    url(), Optional.empty(), "json", Optional.of(java.time.Duration.ofSeconds(1))))
            .delay(5);

    assertThat(agent.perform(handoff(), attempt()))
        .isEqualTo(Outcome.failed("no answer from " + url() + " within its timeout"));
  }

  @Test
  void a_long_poll_holds_none_of_the_responses_it_is_done_with() throws Exception {
    int polls = 10; // the pause doubles from 1 ms: about a second in all
    for (int i = 0; i < polls; i++) then(202, "", Map.of("Location", "/jobs/9"));
    then(0, ""); // the POST and the polls are answered 202, then one hangs: the attempt waits
    RecordingHttpClient client = new RecordingHttpClient(java.net.http.HttpClient.newHttpClient());
    HttpAgent agent =
        new HttpAgent(
            new AgentSpec.Http(url(), Optional.empty(), "json", Optional.empty()), client, 1);
    CompletableFuture<Outcome> o = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(() -> {
          try {
            o.complete(agent.perform(handoff(), attempt()));
          } catch (Exception e) {
            o.completeExceptionally(e);
          }
        });
    org.awaitility.Awaitility.await().until(() -> client.sent.size() == polls + 1);

    // every call but the one in flight can be collected (the attempt's cancellation held them all)
    org.awaitility.Awaitility.await()
        .untilAsserted(() -> {
          System.gc();
          assertThat(client.sent.subList(0, polls)).allMatch(w -> w.get() == null);
        });
    assertThat(o).isNotDone();

    attempt.cancellation().cancel("enough");
    assertThat(o.get(20, TimeUnit.SECONDS)).isEqualTo(Outcome.failed("cancelled: enough"));
  }

  @Test
  void a_cancelled_attempt_stops_polling() throws Exception {
    for (int i = 0; i < 50; i++) then(202, "", Map.of("Location", "/jobs/1"));
    HttpAgent agent =
        HttpAgent.of(new AgentSpec.Http(url(), Optional.empty(), "json", Optional.empty()))
            .delay(200);
    CompletableFuture<Outcome> o =
        CompletableFuture.supplyAsync(() -> {
          try {
            return agent.perform(handoff(), attempt());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    org.awaitility.Awaitility.await().until(() -> bodies.size() >= 2);

    attempt.cancellation().cancel("timed out after 1s");

    assertThat(o.get(20, TimeUnit.SECONDS))
        .isEqualTo(Outcome.failed("cancelled: timed out after 1s"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(120) // a blocking start would wait for the hung poll for ever
  void a_polling_attempt_returns_its_thread_at_once_and_polls_on_without_it() throws Exception {
    for (int i = 0; i < 3; i++) then(202, "", Map.of("Location", "/jobs/7"));
    then(0, ""); // the POST and two polls are answered 202, then the third poll hangs
    HttpAgent agent =
        HttpAgent.of(new AgentSpec.Http(url(), Optional.empty(), "json", Optional.empty()))
            .delay(1);

    // on the test's own thread: a blocking agent would return only with the outcome
    CompletableFuture<Outcome> o = agent.start(handoff(), attempt()).toCompletableFuture();
    org.awaitility.Awaitility.await().until(() -> bodies.size() == 4);
    assertThat(o).isNotDone();

    attempt.cancellation().cancel("enough");
    assertThat(o.get(20, TimeUnit.SECONDS)).isEqualTo(Outcome.failed("cancelled: enough"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(120) // the attempt used to wait for ever here
  void a_retry_the_client_refuses_to_send_fails_the_attempt_saying_why() {
    then(503, "busy");
    RecordingHttpClient client = new RecordingHttpClient(java.net.http.HttpClient.newHttpClient());
    client.refuseFrom = 1; // the first request goes out; the retry is refused
    HttpAgent agent =
        new HttpAgent(
            new AgentSpec.Http(url(), Optional.empty(), "json", Optional.empty()), client, 1);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> agent.perform(handoff(), attempt()))
        .hasMessageContaining("the client's executor refused");
  }

  static Handoff handoff() {
    return new Handoff(
        "api",
        "reviewer",
        "run-1/review/1",
        "Review the change",
        new Handoff.Context("api done", "", List.of(), List.of()),
        "",
        null,
        List.of(),
        Map.of(),
        Map.of(),
        "run-1/review/1");
  }

  Attempt attempt() {
    return attempt;
  }
}
