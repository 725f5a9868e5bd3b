package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/ai-team.yaml} as the README says to run it, pointed by {@code BATON_LLM_BASE_URL}
 * and {@code BATON_LLM_MODEL} at an OpenAI-compatible server on loopback: five model calls, outputs
 * handed from agent to agent, tokens within the budget.
 */
class AiTeamExampleEndToEndTest {
  @TempDir Path dir;

  static String reply(JsonNode request) {
    String user = ModelServer.lastUser(request);
    String step = user.contains("Design ") ? "design-notes" : "work-notes";
    return "{\"output\": {\"notes\": \"" + step + "\"}, \"status\": {\"progress\": 100}}";
  }

  @Test
  void the_ai_team_example_runs_against_an_openai_compatible_endpoint() throws Exception {
    try (ModelServer server = new ModelServer(AiTeamExampleEndToEndTest::reply)) {
      Cli cli =
          Cli.in(dir)
              .env("BATON_LLM_BASE_URL", server.baseUrl())
              .env("BATON_LLM_MODEL", "local-test-model")
              .env("BATON_LLM_API_KEY", "sk-ai-team");
      Path example = Cli.HOME.resolve("examples/ai-team.yaml");

      Cli.Result r =
          cli.baton("run", example.toString(), "--id", "team1", "-i", "feature=CSV export");

      assertThat(r.exit()).as("%s", r).isZero();
      List<JsonNode> events = cli.events("team1");
      List<JsonNode> calls = ofType(events, "LlmCalled");
      assertThat(calls).hasSize(5);
      assertThat(calls).allMatch(c -> c.path("model").asText().equals("local-test-model"));
      assertThat(ofType(events, "StepSucceeded"))
          .extracting(e -> e.path("step").asText())
          .containsExactlyInAnyOrder(
              "architecture", "threat-model", "implement", "tests", "security-review");
      assertThat(ofType(events, "BudgetExceeded")).isEmpty();
      assertThat(server.requests)
          .anySatisfy(q ->
              assertThat(ModelServer.lastUser(q))
                  .contains("Implement CSV export following this design")
                  .contains("design-notes"));
      assertThat(cli.show("team1").path("tokens").asLong()).isEqualTo(6000);
      assertThat(cli.baton("events", "team1", "--json").out()).doesNotContain("sk-ai-team");
    }
  }
}
