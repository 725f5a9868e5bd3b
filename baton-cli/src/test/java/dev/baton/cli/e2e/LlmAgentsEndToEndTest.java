package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llm} agents through {@code ./baton run} against an OpenAI-compatible server on loopback
 * (docs/agent-protocols.md): the reply's output flows on, its findings are journaled, each call is
 * an {@code LlmCalled} event, a second bad reply fails the step with the model's text, and the key
 * stays out of everything Baton writes.
 */
class LlmAgentsEndToEndTest {
  @TempDir Path dir;

  static String reply(JsonNode request) {
    String user = ModelServer.lastUser(request);
    if (user.contains("Your reply cannot be used")) return "still not JSON, sorry";
    if (user.contains("ramble")) return "Here are my thoughts, in prose.";
    if (user.contains("Review the design"))
      return "{\"output\": {\"verdict\": \"approve\"}, \"findings\": [{\"tags\": [\"security\"],"
          + " \"summary\": \"sessions need rotation\"}]}";
    return "{\"output\": {\"design\": \"two tables\"}, \"status\": {\"progress\": 100,"
        + " \"message\": \"designed\"}, \"handoff\": {\"completedWork\": \"schema drafted\"}}";
  }

  String workflow(ModelServer server) {
    return """
    name: ai
    inputs: { feature: { required: true } }
    agents:
      architect:
        llm: { provider: openai, model: arch-1, baseUrl: "URL", apiKey: "${secret:E2E_MODEL_KEY}",
               system: "You design.", price: { inputPerMTok: 3, outputPerMTok: 15 } }
      reviewer:
        llm: { provider: openai, model: rev-1, baseUrl: "URL", apiKey: "${secret:E2E_MODEL_KEY}" }
    rules: { onFailure: rollback-run }
    phases:
      - name: work
        mode: sequential
        steps:
          - { id: design, agent: architect, task: "Design {{inputs.feature}}" }
          - { id: review, agent: reviewer, task: "Review the design: {{steps.design.output.design}}" }
    """
        .replace("URL", server.baseUrl());
  }

  @Test
  void llm_agents_run_a_workflow_and_every_call_is_journaled() throws Exception {
    String key = "sk-e2e-" + Long.toHexString(System.nanoTime());
    try (ModelServer server = new ModelServer(LlmAgentsEndToEndTest::reply)) {
      Cli cli = Cli.in(dir).env("E2E_MODEL_KEY", key);
      Path wf = cli.workflow("ai", workflow(server));

      Cli.Result r = cli.baton("run", wf.toString(), "--id", "ai1", "-i", "feature=search");

      assertThat(r.exit()).as("%s", r).isZero();
      List<JsonNode> events = cli.events("ai1");
      List<JsonNode> calls = ofType(events, "LlmCalled");
      assertThat(calls).hasSize(2);
      assertThat(calls.get(0).path("model").asText()).isEqualTo("arch-1");
      assertThat(calls.get(0).path("inputTokens").asLong()).isEqualTo(1000);
      assertThat(calls.get(0).path("outputTokens").asLong()).isEqualTo(200);
      assertThat(calls.get(0).path("costUsd").asDouble()).isEqualTo(0.006);
      assertThat(calls.get(0).has("latencyMs")).isTrue();
      assertThat(calls.get(1).path("costUsd").asDouble()).isZero();
      assertThat(ofType(events, "FindingReported").get(0).path("tags").get(0).asText())
          .isEqualTo("security");
      assertThat(ModelServer.lastUser(server.requests.get(1)))
          .contains("Review the design: two tables");
      JsonNode show = cli.json("show", "ai1", "--json");
      assertThat(show.path("steps").get(1).path("output").path("verdict").asText())
          .isEqualTo("approve");
      assertThat(cli.baton("events", "ai1", "--json").out() + r.out() + r.err())
          .doesNotContain(key);
    }
  }

  @Test
  void a_model_that_never_answers_in_the_shape_fails_its_step_quoting_the_reply() throws Exception {
    try (ModelServer server = new ModelServer(LlmAgentsEndToEndTest::reply)) {
      Cli cli = Cli.in(dir).env("E2E_MODEL_KEY", "k");
      Path wf = cli.workflow("ai", workflow(server));

      Cli.Result r = cli.baton("run", wf.toString(), "--id", "ai2", "-i", "feature=ramble");

      assertThat(r.exit()).as("%s", r).isEqualTo(1);
      JsonNode failed = ofType(cli.events("ai2"), "StepFailed").get(0);
      assertThat(failed.path("error").asText())
          .startsWith("the model's reply is not the expected JSON")
          .endsWith("still not JSON, sorry");
      assertThat(server.requests).hasSize(2);
    }
  }
}
