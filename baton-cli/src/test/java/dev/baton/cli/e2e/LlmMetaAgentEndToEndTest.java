package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model-backed meta agent ({@code meta: {llm: …}}, docs/agent-protocols.md, §3.6) through {@code
 * ./baton run} against an OpenAI-compatible server on loopback: the model picks the primary and
 * decides the re-plan of a failed phase, each with its reasoning in the journal; when it answers
 * nonsense the rules decide, and the journal says so.
 */
class LlmMetaAgentEndToEndTest {
  @TempDir Path dir;

  static final String WORKFLOW =
      """
      name: meta-llm
      inputs: { report: { required: true } }
      meta:
        llm: { provider: openai, model: meta-1, baseUrl: "URL", apiKey: "${secret:E2E_MODEL_KEY}",
               price: { inputPerMTok: 1, outputPerMTok: 5 } }
      agents:
        alpha: { command: [sh, -c, "exit 1"], role: Backend Agent, capabilities: [code] }
        beta: { command: [sh, -c, "exit 0"], role: Platform Agent, capabilities: [code] }
      team: [alpha, beta]
      phases:
        - name: triage
          mode: sequential
          steps:
            - { id: assign, agent: meta, task: "{{inputs.report}}", assigns: primary }
        - name: fix
          mode: sequential
          steps:
            - { id: build, agent: primary, task: "Fix: {{inputs.report}}" }
      """;

  /** Triage: alpha leads. Re-planning: reassign to beta, or prose when the report says so. */
  static String reply(JsonNode request) {
    String user = ModelServer.lastUser(request);
    if (user.contains("\"failedStep\"")) {
      if (user.contains("garbled")) return "Let me think about it. Maybe try again?";
      if (user.contains("marker"))
        return "{\"decision\": \"amend\", \"steps\": [{\"id\": \"make-marker\", \"agent\":"
            + " \"beta\", \"task\": \"Create the build marker\"}], \"reasoning\": \"the build"
            + " needs the marker that beta makes\"}";
      return "{\"decision\": \"reassign\", \"agent\": \"beta\", \"reasoning\": \"alpha failed"
          + " twice on this; beta has the same capabilities\"}";
    }
    return "{\"primary\": \"alpha\", \"confidence\": 0.8, \"reasoning\": \"the report is about"
        + " the backend\"}";
  }

  @Test
  void the_model_picks_the_lead_and_decides_the_re_plan_with_its_reasoning() throws Exception {
    String key = "sk-meta-" + Long.toHexString(System.nanoTime());
    try (ModelServer server = new ModelServer(LlmMetaAgentEndToEndTest::reply)) {
      Cli cli = Cli.in(dir).env("E2E_MODEL_KEY", key);
      Path wf = cli.workflow("meta-llm", WORKFLOW.replace("URL", server.baseUrl()));

      Cli.Result r =
          cli.baton("run", wf.toString(), "--id", "m1", "-i", "report=Orders API returns 500");

      assertThat(r.exit()).as("%s", r).isZero();
      List<JsonNode> events = cli.events("m1");
      assertThat(ofType(events, "PrimaryAssigned").getFirst().path("reason").asText())
          .contains("meta model meta-1: the report is about the backend");
      JsonNode replanned = ofType(events, "Replanned").getFirst();
      assertThat(replanned.path("decision").asText()).isEqualTo("reassign");
      assertThat(replanned.path("agent").asText()).isEqualTo("beta");
      assertThat(replanned.path("reason").asText())
          .isEqualTo(
              "meta model meta-1: alpha failed twice on this; beta has the same capabilities");
      List<JsonNode> calls = ofType(events, "LlmCalled");
      assertThat(calls).hasSize(2);
      assertThat(calls).allMatch(c -> c.path("agent").asText().equals("meta"));
      assertThat(calls.get(1).path("costUsd").asDouble()).isEqualTo(0.002);
      String asked = ModelServer.lastUser(server.requests.get(1));
      assertThat(asked)
          .contains("\"failedStep\" : \"build\"", "\"task\" : \"Fix: Orders API returns 500\"")
          .contains("\"name\" : \"beta\"");
      JsonNode show = cli.show("m1");
      assertThat(show.path("primary").asText()).isEqualTo("alpha");
      assertThat(show.path("tokens").asLong()).isEqualTo(2400);
      assertThat(cli.baton("events", "m1", "--json").out() + r.out() + r.err()).doesNotContain(key);
    }
  }

  @Test
  void an_amend_decision_inserts_the_models_steps_before_the_failed_step_is_retried()
      throws Exception {
    try (ModelServer server = new ModelServer(LlmMetaAgentEndToEndTest::reply)) {
      Cli cli = Cli.in(dir).env("E2E_MODEL_KEY", "k");
      Path marker = dir.resolve("built.marker");
      // alpha builds only once the marker exists; beta makes it when asked
      Path wf =
          cli.workflow(
              "meta-llm",
              WORKFLOW
                  .replace("URL", server.baseUrl())
                  .replace("[sh, -c, \"exit 1\"]", "[test, -f, \"" + marker + "\"]")
                  .replace("[sh, -c, \"exit 0\"]", "[touch, \"" + marker + "\"]"));

      Cli.Result r =
          cli.baton("run", wf.toString(), "--id", "m4", "-i", "report=the build marker is missing");

      assertThat(r.exit()).as("%s", r).isZero();
      List<JsonNode> events = cli.events("m4");
      List<JsonNode> replans = ofType(events, "Replanned");
      assertThat(replans).hasSize(1);
      JsonNode amend = replans.getFirst();
      assertThat(amend.path("decision").asText()).isEqualTo("amend");
      assertThat(amend.path("step").asText()).isEqualTo("build");
      assertThat(amend.path("reason").asText())
          .startsWith("meta model meta-1: the build needs the marker that beta makes");
      JsonNode inserted = amend.path("amended").get(0);
      assertThat(inserted.path("id").asText()).isEqualTo("make-marker");
      assertThat(inserted.path("agent").asText()).isEqualTo("beta");
      assertThat(inserted.path("task").asText()).isEqualTo("Create the build marker");
      JsonNode again = ofType(events, "PhaseStarted").getLast();
      assertThat(again.path("round").asInt()).isEqualTo(1);
      assertThat(again.path("steps").findValuesAsText("id"))
          .containsExactly("make-marker", "build");
      List<String> succeeded =
          ofType(events, "StepSucceeded").stream().map(e -> e.path("step").asText()).toList();
      assertThat(succeeded).containsExactly("assign", "make-marker", "build");
      assertThat(marker).exists();
      assertThat(cli.baton("events", "m4").out())
          .contains("amend inserting make-marker (beta: Create the build marker) before build");
      assertThat(cli.show("m4").path("state").asText()).isEqualTo("SUCCEEDED");
    }
  }

  @Test
  void the_meta_model_may_be_set_for_the_project_in_baton_yaml_and_is_checked_there()
      throws Exception {
    try (ModelServer server = new ModelServer(LlmMetaAgentEndToEndTest::reply)) {
      Cli cli = Cli.in(dir).env("E2E_MODEL_KEY", "k");
      // the workflow has no meta section of its own
      Path wf = cli.workflow("meta-llm", WORKFLOW.replaceAll("(?s)meta:\\n.*?\\n(agents:)", "$1"));
      assertThat(Files.readString(wf)).doesNotContain("meta:");
      Path project = dir.resolve("baton.yaml");
      Files.writeString(
          project,
          """
          cluster: { lease: 30s }
          meta:
            llm: { provider: openai, model: meta-1, baseUrl: "URL", apiKey: "${secret:E2E_MODEL_KEY}" }
          """
              .replace("URL", server.baseUrl()));

      assertThat(cli.baton("validate", project.toString()).exit()).isZero();
      Cli.Result r =
          cli.baton("run", wf.toString(), "--id", "m5", "-i", "report=Orders API returns 500");

      assertThat(r.exit()).as("%s", r).isZero();
      assertThat(ofType(cli.events("m5"), "PrimaryAssigned").getFirst().path("reason").asText())
          .contains("meta model meta-1: the report is about the backend");

      Files.writeString(
          project,
          """
          cluster: { lease: 30s }
          meta:
            llm: { provider: openia, model: meta-1 }
          """);
      for (Cli.Result bad :
          List.of(
              cli.baton("validate", project.toString()),
              cli.baton("validate", wf.toString()),
              cli.baton("run", wf.toString(), "--id", "m6", "-i", "report=x"))) {
        assertThat(bad.exit()).as("%s", bad).isEqualTo(2);
        assertThat(bad.err()).contains(project.getFileName() + ":3:").contains("openia");
      }
    }
  }

  @Test
  void when_the_model_answers_nonsense_the_rules_decide_and_the_journal_says_so() throws Exception {
    try (ModelServer server = new ModelServer(LlmMetaAgentEndToEndTest::reply)) {
      Cli cli = Cli.in(dir).env("E2E_MODEL_KEY", "k");
      Path wf = cli.workflow("meta-llm", WORKFLOW.replace("URL", server.baseUrl()));

      Cli.Result r =
          cli.baton("run", wf.toString(), "--id", "m2", "-i", "report=garbled checkout totals");

      assertThat(r.exit()).as("%s", r).isZero();
      List<JsonNode> replans = ofType(cli.events("m2"), "Replanned");
      assertThat(replans).hasSize(2);
      assertThat(replans.get(0).path("decision").asText()).isEqualTo("retry");
      assertThat(replans.get(0).path("reason").asText())
          .startsWith(
              "the meta model gave no usable decision (not a JSON object, it answered: Let me"
                  + " think about it. Maybe try again?); the rules: first re-plan: retry build"
                  + " with alpha");
      assertThat(replans.get(1).path("decision").asText()).isEqualTo("reassign");
      assertThat(replans.get(1).path("agent").asText()).isEqualTo("beta");
      assertThat(replans.get(1).path("reason").asText())
          .startsWith("the meta model gave no usable decision (not a JSON object")
          .contains("the rules: re-plan 2: beta has [code]");
      assertThat(cli.show("m2").path("state").asText()).isEqualTo("SUCCEEDED");
    }
  }

  @Test
  void a_meta_model_that_cannot_be_reached_leaves_triage_to_the_rules() throws Exception {
    Cli cli = Cli.in(dir).env("E2E_MODEL_KEY", "k").env("BATON_EMBEDDINGS", "off");
    // a port nobody listens on: the model is unavailable
    Path wf =
        cli.workflow(
            "meta-llm",
            WORKFLOW
                .replace("URL", "http://127.0.0.1:9/v1")
                .replace("role: Backend Agent,", "role: Backend Agent, keywords: [orders, api],"));

    Cli.Result r =
        cli.baton("run", wf.toString(), "--id", "m3", "-i", "report=Orders API returns 500");

    List<JsonNode> events = cli.events("m3");
    assertThat(ofType(events, "PrimaryAssigned").getFirst().path("reason").asText())
        .contains("the meta model gave no usable answer (the model call failed")
        .contains("the rules decided; evidence:");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.err() + r.out()).as("no stack trace").doesNotContain("\tat ");
  }
}
