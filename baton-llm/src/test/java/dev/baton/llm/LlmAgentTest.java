package dev.baton.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.agent.LlmCall;
import dev.baton.agent.Outcome;
import dev.baton.agent.Status;
import dev.baton.test.MapSecrets;
import dev.baton.test.RecordingReporter;
import dev.baton.test.TestAttempt;
import dev.baton.workflow.AgentSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code llm} agents against a real chat API server on loopback. */
class LlmAgentTest {
  static final String GOOD =
      """
      {"output": {"design": "two tables"},
       "status": {"progress": 100, "message": "designed"},
       "findings": [{"tags": ["security"], "summary": "tokens in logs"}],
       "handoff": {"completedWork": "schema drafted", "remainingWork": "migrations"}}\
      """;

  final ScriptedModelServer server;

  LlmAgentTest() throws Exception {
    server = new ScriptedModelServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  LlmAgent agent(String provider, String baseUrl) {
    return LlmAgent.of(
            new AgentSpec(
                "architect",
                "Architect",
                List.of(),
                List.of(),
                1,
                new AgentSpec.Llm(
                    provider,
                    "test-model",
                    Optional.of(baseUrl),
                    Optional.of("${secret:MODEL_KEY}"),
                    Optional.of("You design schemas."),
                    Optional.of(0.0),
                    Optional.of(500),
                    Optional.of(Duration.ofSeconds(30)),
                    Optional.of(new AgentSpec.Price(2.0, 8.0)))))
        .retryDelay(10);
  }

  TestAttempt attempt() {
    return TestAttempt.in(Path.of("."))
        .as("design", "architect")
        .withSecrets(new MapSecrets(Map.of(), Map.of("MODEL_KEY", "sk-very-secret-key")));
  }

  @Test
  void a_valid_reply_is_the_output_and_its_reports_are_applied() throws Exception {
    server.thenOpenAi(GOOD, 1200, 300);
    TestAttempt attempt = attempt();

    Outcome o =
        agent("openai", server.url() + "/v1")
            .perform(TestAttempt.handoff("Design the schema"), attempt);

    assertThat(o).isEqualTo(Outcome.succeeded(Map.of("design", "two tables")));
    RecordingReporter reported = attempt.recorder();
    assertThat(reported.statuses)
        .extracting(Status::progress, Status::message)
        .containsExactly(tuple(100, "designed"));
    assertThat(reported.findings)
        .containsExactly(new RecordingReporter.Finding(List.of("security"), "tokens in logs"));
    assertThat(reported.notes)
        .extracting(n -> n.get("completedWork"))
        .containsExactly("schema drafted");
    assertThat(attempt.recorder().llmCalls).hasSize(1);
    LlmCall call = attempt.recorder().llmCalls.get(0);
    assertThat(call.model()).isEqualTo("test-model");
    assertThat(call.inputTokens()).isEqualTo(1200);
    assertThat(call.outputTokens()).isEqualTo(300);
    assertThat(call.costUsd())
        .isCloseTo(0.0024 + 0.0024, org.assertj.core.data.Offset.offset(1e-9));
    ScriptedModelServer.Request r = server.requests.get(0);
    assertThat(r.path()).isEqualTo("/v1/chat/completions");
    assertThat(r.headers().get("Authorization")).containsExactly("Bearer sk-very-secret-key");
    assertThat(r.body().at("/messages/0/role").asText()).isEqualTo("system");
    assertThat(r.body().at("/messages/0/content").asText()).startsWith("You design schemas.");
    assertThat(r.body().at("/messages/1/content").asText())
        .contains("\"task\" : \"Design the schema\"", "\"output\"", "be quick");
    assertThat(r.body().path("temperature").asDouble()).isZero();
  }

  @Test
  void a_reply_in_a_code_fence_is_read() throws Exception {
    server.thenOpenAi("```json\n{\"output\": \"done\"}\n```", 10, 2);
    assertThat(agent("openai", server.url() + "/v1").perform(TestAttempt.handoff("T"), attempt()))
        .isEqualTo(Outcome.succeeded("done"));
  }

  @Test
  void a_bad_reply_gets_one_repair_request_quoting_what_was_wrong() throws Exception {
    server.thenOpenAi("Sure! The design is two tables.", 100, 10).thenOpenAi(GOOD, 150, 40);
    TestAttempt attempt = attempt();

    Outcome o = agent("openai", server.url() + "/v1").perform(TestAttempt.handoff("T"), attempt);

    assertThat(o).isEqualTo(Outcome.succeeded(Map.of("design", "two tables")));
    assertThat(server.requests).hasSize(2);
    var messages = server.requests.get(1).body().get("messages");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(2).path("content").asText())
        .isEqualTo("Sure! The design is two tables.");
    assertThat(messages.get(3).path("content").asText())
        .startsWith("Your reply cannot be used: the reply is not JSON");
    assertThat(attempt.recorder().llmCalls).hasSize(2);
  }

  @Test
  void a_second_bad_reply_fails_the_attempt_with_the_models_text() throws Exception {
    server.thenOpenAi("no JSON here", 100, 10).thenOpenAi("{\"result\": 1}", 100, 10);

    Outcome o = agent("openai", server.url() + "/v1").perform(TestAttempt.handoff("T"), attempt());

    assertThat(o).isInstanceOf(Outcome.Failed.class);
    assertThat(((Outcome.Failed) o).error())
        .isEqualTo(
            "the model's reply is not the expected JSON (the reply has no \"output\", after one repair request): {\"result\": 1}");
  }

  @Test
  void rate_limits_and_server_errors_are_retried_with_backoff() throws Exception {
    server
        .then(429, "{\"error\":{\"message\":\"slow down\"}}")
        .then(503, "{\"error\":{\"message\":\"overloaded\"}}")
        .thenOpenAi(GOOD, 10, 5);
    TestAttempt attempt = attempt();

    Outcome o = agent("openai", server.url() + "/v1").perform(TestAttempt.handoff("T"), attempt);

    assertThat(o).isInstanceOf(Outcome.Succeeded.class);
    assertThat(server.requests).hasSize(3);
    assertThat(attempt.recorder().llmCalls).hasSize(1);
  }

  @Test
  void retries_give_up_after_the_last_try_with_the_status() throws Exception {
    for (int i = 0; i < LlmAgent.MAX_TRIES; i++)
      server.then(500, "{\"error\":{\"message\":\"boom\"}}");

    Outcome o = agent("openai", server.url() + "/v1").perform(TestAttempt.handoff("T"), attempt());

    assertThat(((Outcome.Failed) o).error())
        .startsWith("the model call failed: HTTP 500")
        .endsWith("(gave up after " + LlmAgent.MAX_TRIES + " tries)");
    assertThat(server.requests).hasSize(LlmAgent.MAX_TRIES);
  }

  @Test
  void a_client_error_is_not_retried_and_the_key_never_shows_in_the_error() throws Exception {
    server.then(401, "{\"error\":{\"message\":\"bad key sk-very-secret-key\"}}");

    Outcome o = agent("openai", server.url() + "/v1").perform(TestAttempt.handoff("T"), attempt());

    assertThat(((Outcome.Failed) o).error())
        .contains("HTTP 401")
        .doesNotContain("sk-very-secret-key")
        .contains("***");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void a_cancelled_attempt_abandons_the_call_in_flight() throws Exception {
    server.thenHang();
    TestAttempt attempt = attempt();
    CompletableFuture<Outcome> o =
        CompletableFuture.supplyAsync(() -> {
          try {
            return agent("openai", server.url() + "/v1").perform(TestAttempt.handoff("T"), attempt);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    org.awaitility.Awaitility.await().until(() -> server.requests.size() == 1);

    attempt.cancellation().cancel("timed out after 5s");

    assertThat(o.get(20, TimeUnit.SECONDS))
        .isEqualTo(Outcome.failed("cancelled: timed out after 5s"));
  }

  @Test
  void anthropic_models_are_called_through_the_messages_api() throws Exception {
    server.thenAnthropic(GOOD, 70, 30);
    TestAttempt attempt = attempt();

    Outcome o =
        agent("anthropic", server.url() + "/v1/").perform(TestAttempt.handoff("T"), attempt);

    assertThat(o).isEqualTo(Outcome.succeeded(Map.of("design", "two tables")));
    ScriptedModelServer.Request r = server.requests.get(0);
    assertThat(r.path()).isEqualTo("/v1/messages");
    assertThat(r.headers().get("X-api-key")).containsExactly("sk-very-secret-key");
    assertThat(r.body().path("system").toString()).contains("You design schemas.");
    assertThat(attempt.recorder().llmCalls.get(0).inputTokens()).isEqualTo(70);
  }

  @Test
  void ollama_models_are_called_through_the_chat_api() throws Exception {
    server.thenOllama(GOOD, 40, 20);
    TestAttempt attempt = attempt();

    Outcome o = agent("ollama", server.url()).perform(TestAttempt.handoff("T"), attempt);

    assertThat(o).isEqualTo(Outcome.succeeded(Map.of("design", "two tables")));
    ScriptedModelServer.Request r = server.requests.get(0);
    assertThat(r.path()).isEqualTo("/api/chat");
    assertThat(r.body().path("model").asText()).isEqualTo("test-model");
    assertThat(r.body().toString()).contains("You design schemas.");
    assertThat(attempt.recorder().llmCalls.get(0).inputTokens()).isEqualTo(40);
    assertThat(attempt.recorder().llmCalls.get(0).outputTokens()).isEqualTo(20);
  }
}
