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
 * {@code baton mcp} under a real attempt (docs/agent-protocols.md): a command agent starts {@code ./baton mcp} as
 * a coding agent would and speaks MCP to it over stdio; the tool calls are journaled as the {@code
 * @baton} lines would be.
 */
class McpEndToEndTest {
  /** An MCP client in shell: initialize, two tool calls, then wait for the last answer. */
  static final String CLIENT =
      """
      out="$MARKERS/mcp.out"
      : > "$out"
      {
        echo '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"sh","version":"1"}}}'
        n=0; while ! grep -q '"id":1' "$out" && [ $n -lt 600 ]; do n=$((n+1)); sleep 0.1; done
        echo '{"jsonrpc":"2.0","method":"notifications/initialized"}'
        echo '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"report_finding","arguments":{"tags":["security"],"summary":"found over mcp"}}}'
        echo '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"complete_task","arguments":{"output":{"via":"mcp","files":2}}}}'
        n=0; while ! grep -q '"id":3' "$out" && [ $n -lt 600 ]; do n=$((n+1)); sleep 0.1; done
      } | "$1" mcp >> "$out"
      """;

  @TempDir Path dir;

  @Test
  void a_coding_agent_reports_through_baton_mcp() throws Exception {
    Cli cli = Cli.in(dir);
    Files.writeString(dir.resolve("client.sh"), CLIENT);
    Path wf =
        cli.workflow(
            "mcp",
            """
            name: mcp
            agents:
              coder: { command: [sh, ./client.sh, "BATON_BIN"], env: { MARKERS: "${MARKERS}" } }
            phases: [{ name: p, mode: sequential, steps: [{ id: fix, agent: coder, task: Fix it }] }]
            """
                .replace("BATON_BIN", Cli.HOME.resolve("baton").toString()));

    Cli.Result r = cli.baton("run", wf.toString(), "--id", "m1");

    assertThat(r.exit()).as("%s\n%s", r, Files.readString(cli.markers.resolve("mcp.out"))).isZero();
    List<JsonNode> events = cli.events("m1");
    JsonNode finding = ofType(events, "FindingReported").get(0);
    assertThat(finding.path("summary").asText()).isEqualTo("found over mcp");
    assertThat(finding.path("step").asText()).isEqualTo("fix");
    JsonNode ok = ofType(events, "StepSucceeded").get(0);
    assertThat(ok.path("output").path("via").asText()).isEqualTo("mcp");
    assertThat(Files.readString(cli.markers.resolve("mcp.out"))).contains("\"recorded\"");
  }
}
