package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent run by {@code baton serve} reports through the server's {@code /mcp} (MCP streamable
 * HTTP) with its attempt's {@code BATON_TOKEN}: initialize, list the tools, report a finding and
 * complete the step, each recorded as the matching {@code @baton} line would be.
 */
class McpHttpEndToEndTest {
  private static final String AGENT =
      """
      #!/bin/sh
      set -eu
      M="$BATON_TEST_MARKERS"
      mcp() {
        curl -sS -X POST "$BATON_API/mcp" -H "Authorization: Bearer $BATON_TOKEN" \\
          -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\
          -d "$1"
      }
      mcp '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"sh","version":"1"}}}' > "$M/init.json"
      mcp '{"jsonrpc":"2.0","method":"notifications/initialized"}' > "$M/notified.txt"
      mcp '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' > "$M/tools.json"
      mcp '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"report_finding","arguments":{"tags":["mcp-http"],"summary":"found over HTTP"}}}' > "$M/finding.json"
      mcp '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"complete_task","arguments":{"output":{"answer":42}}}}' > "$M/output.json"
      mcp '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"report_finding","arguments":{}}}' > "$M/bad.json"
      printf '%s' "$BATON_TOKEN" > "$M/token"
      """;

  @TempDir Path dir;
  private Served server;

  @AfterEach
  void stopServer() {
    if (server != null) server.close();
  }

  @Test
  void an_agent_reports_through_the_servers_mcp_endpoint_with_its_attempt_token() throws Exception {
    Cli cli = Cli.in(dir);
    Path agent = dir.resolve("mcp-agent.sh");
    Files.writeString(agent, AGENT);
    Path wf =
        cli.workflow(
            "mcp",
            """
            name: mcp
            agents:
              a: { command: [sh, %s] }
            phases:
              - name: p
                mode: sequential
                steps:
                  - { id: work, agent: a, task: go }
            """
                .formatted(agent));
    String token = Served.token(cli, "ops", "operator");
    server = Served.start(cli);
    String url = server.url();

    Cli.Result run =
        cli.baton("run", wf.toString(), "--id", "m1", "--json", "--server", url, "--token", token);
    assertThat(run.exit()).as("%s", run).isZero();

    JsonNode init = Cli.JSON.readTree(cli.markerText("init.json"));
    assertThat(init.path("result").path("protocolVersion").asText()).isEqualTo("2025-06-18");
    assertThat(init.path("result").path("capabilities").has("tools")).isTrue();
    assertThat(cli.markerText("notified.txt")).isEmpty();
    assertThat(Cli.JSON.readTree(cli.markerText("tools.json")).path("result").path("tools"))
        .extracting(t -> t.path("name").asText())
        .contains("report_status", "report_finding", "complete_task");
    assertThat(
            Cli.JSON
                .readTree(cli.markerText("finding.json"))
                .path("result")
                .path("isError")
                .asBoolean())
        .isFalse();
    JsonNode bad = Cli.JSON.readTree(cli.markerText("bad.json")).path("result");
    assertThat(bad.path("isError").asBoolean()).isTrue();
    assertThat(bad.path("content").get(0).path("text").asText()).startsWith("not recorded");

    List<JsonNode> events = cli.events("m1");
    assertThat(Cli.ofType(events, "FindingReported"))
        .singleElement()
        .satisfies(f -> assertThat(f.path("tags").get(0).asText()).isEqualTo("mcp-http"));
    assertThat(Cli.ofType(events, "StepSucceeded").getFirst().path("output").path("answer").asInt())
        .isEqualTo(42);
    // the attempt is over: its token is void; a person's token is no attempt's
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    assertThat(server.status("POST", "/mcp", cli.markerText("token"), body)).isEqualTo(401);
    assertThat(server.status("POST", "/mcp", token, body)).isIn(401, 403);
    assertThat(server.status("POST", "/mcp", null, body)).isEqualTo(401);
  }
}
