package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code budget: {tokens, usd}} on a workflow and a phase (docs/agent-protocols.md), through {@code
 * ./baton run} against an OpenAI-compatible server on loopback that reports 1000 input and 200
 * output tokens per call: crossing a budget journals {@code BudgetExceeded} and asks a person
 * before anything more is spent; {@code show} and {@code metrics} tell the tokens and the cost.
 */
class SpendBudgetEndToEndTest {
  @TempDir Path dir;

  static final String WORKFLOW =
      """
      name: spend
      agents:
        architect:
          llm: { provider: openai, model: arch-1, baseUrl: "URL", apiKey: k,
                 price: { inputPerMTok: 3, outputPerMTok: 15 } }
        reviewer:
          llm: { provider: openai, model: rev-1, baseUrl: "URL", apiKey: k }
      budget: { time: 10m, tokens: 2000 }
      phases:
        - name: design
          mode: sequential
          budget: { usd: 0.005 }
          steps:
            - { id: draft, agent: architect, task: Draft the design }
        - name: review
          mode: sequential
          steps:
            - { id: check, agent: reviewer, task: Review the design }
      """;

  static String reply(JsonNode request) {
    return "{\"output\": {\"ok\": true}}";
  }

  @Test
  void crossing_a_phase_and_a_run_budget_asks_a_person_before_more_is_spent() throws Exception {
    try (ModelServer server = new ModelServer(SpendBudgetEndToEndTest::reply)) {
      Cli cli = Cli.in(dir);
      Path wf = cli.workflow("spend", WORKFLOW.replace("URL", server.baseUrl()));
      assertThat(cli.baton("validate", wf.toString()).exit()).isZero();

      Cli.Result first = cli.baton("run", wf.toString(), "--id", "s1", "--exit-on-human");

      assertThat(first.exit()).as("%s", first).isEqualTo(3);
      List<JsonNode> events = cli.events("s1");
      JsonNode phase = ofType(events, "BudgetExceeded").getFirst();
      assertThat(phase.path("phase").asText()).isEqualTo("design");
      assertThat(phase.path("reason").asText())
          .isEqualTo(
              "phase 'design' spent 1200 tokens, $0.0060 on chat models, past its budget of"
                  + " $0.005");
      assertThat(server.requests).as("the review did not start").hasSize(1);
      JsonNode task = cli.json("inbox", "--json").get(0);
      assertThat(EngineEndToEndTest.texts(task.path("options")))
          .containsExactly("continue", "abort");
      assertThat(cli.show("s1").path("state").asText()).isEqualTo("WAITING");

      assertThat(cli.baton("decide", task.path("id").asText(), "continue", "--by", "ana").exit())
          .isZero();
      Cli.Result second = cli.baton("resume", "s1", "--exit-on-human");

      assertThat(second.exit()).as("%s", second).isEqualTo(3);
      List<JsonNode> exceeded = ofType(cli.events("s1"), "BudgetExceeded");
      assertThat(exceeded).hasSize(2);
      assertThat(
              exceeded.get(1).path("phase").isMissingNode()
                  || exceeded.get(1).path("phase").isNull())
          .isTrue();
      assertThat(exceeded.get(1).path("tokens").asLong()).isEqualTo(2400);
      assertThat(exceeded.get(1).path("reason").asText())
          .startsWith("the run spent 2400 tokens, $0.0060 on chat models, past its budget of 2000");
      JsonNode again = cli.json("inbox", "--json").get(0);
      assertThat(cli.baton("decide", again.path("id").asText(), "continue", "--by", "ana").exit())
          .isZero();
      Cli.Result done = cli.baton("resume", "s1");
      assertThat(done.exit()).as("%s", done).isZero();

      JsonNode show = cli.show("s1");
      assertThat(show.path("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(show.path("tokens").asLong()).isEqualTo(2400);
      assertThat(show.path("costUsd").asDouble()).isEqualTo(0.006);
      assertThat(cli.baton("show", "s1").out())
          .contains("Models    2400 tokens, $0.0060")
          .contains("design  (1200 tokens, $0.0060)");
      Cli.Result metrics = cli.baton("metrics");
      assertThat(metrics.out()).contains("Chat models").containsPattern("architect +1 +1000 +200");
      JsonNode rows = cli.json("metrics", "--json");
      JsonNode architect = null;
      for (JsonNode n : rows)
        if (n.path("agent").asText().equals("architect") && n.path("taskType").isNull())
          architect = n;
      assertThat(architect).isNotNull();
      assertThat(architect.path("tokens").asLong()).isEqualTo(1200);
      assertThat(architect.path("costUsd").asDouble()).isEqualTo(0.006);
    }
  }

  @Test
  void a_spending_budget_with_an_unknown_key_is_refused_with_its_position() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "bad",
            """
            name: bad
            budget: { tokens: 10, dollars: 1 }
            phases:
              - name: p
                mode: sequential
                steps: [ { id: s, agent: meta, task: t } ]
            """);
    Cli.Result r = cli.baton("validate", wf.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(":2:23: unknown key 'dollars' in 'budget' of the workflow");
  }
}
