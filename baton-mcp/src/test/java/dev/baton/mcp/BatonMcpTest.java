package dev.baton.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.agent.Secrets;
import dev.baton.agent.Status;
import dev.baton.agents.command.internal.ProtocolLines;
import dev.baton.agents.command.internal.ReportSocket;
import dev.baton.test.MapSecrets;
import dev.baton.test.RecordingReporter;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code baton mcp} as a coding agent sees it: the SDK's own MCP client starts the server as a
 * process and talks to it over stdio; what the tools record reaches the attempt's report socket.
 */
class BatonMcpTest {
  final RecordingReporter reporter = new RecordingReporter();
  static final Secrets NONE = MapSecrets.none();

  McpSyncClient client(Path socket, String token) {
    String java = ProcessHandle.current().info().command().orElse("java");
    ServerParameters server =
        ServerParameters.builder(java)
            .args("-cp", System.getProperty("java.class.path"), BatonMcp.class.getName())
            .env(Map.of("BATON_REPORTS", socket.toString(), "BATON_REPORTS_TOKEN", token))
            .build();
    McpSyncClient c =
        McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(60))
            // the server is a fresh JVM on the test's whole class path: on a busy machine its
            // answer to initialize can take longer than the SDK's 20 s default
            .initializationTimeout(Duration.ofSeconds(120))
            .build();
    c.initialize();
    return c;
  }

  static McpSchema.CallToolResult call(McpSyncClient c, String tool, Map<String, Object> args) {
    return c.callTool(new McpSchema.CallToolRequest(tool, args, null));
  }

  static String text(McpSchema.CallToolResult r) {
    return ((McpSchema.TextContent) r.content().get(0)).text();
  }

  @Test
  void every_tool_is_recorded_as_its_baton_line_would_be() throws Exception {
    ProtocolLines lines = new ProtocolLines(reporter, NONE, "coder", "run-1/fix/1");
    try (ReportSocket socket = ReportSocket.open("tok-1", lines)) {
      McpSyncClient c = client(socket.path(), "tok-1");
      try {
        assertThat(c.listTools().tools().stream().map(McpSchema.Tool::name))
            .containsExactlyInAnyOrder(
                "report_status",
                "report_finding",
                "handoff_notes",
                "request_support",
                "report_gap",
                "review",
                "complete_task");

        assertThat(text(call(c, "report_status", Map.of("progress", 40, "message", "reading"))))
            .isEqualTo("recorded");
        call(c, "report_finding", Map.of("tags", List.of("security"), "summary", "xss"));
        call(c, "handoff_notes", Map.of("completedWork", "fixed the handler"));
        call(
            c,
            "request_support",
            Map.of("fromAgent", "database", "reason", "need an index", "urgency", "high"));
        call(c, "report_gap", Map.of("capability", "kubernetes"));
        call(c, "review", Map.of("step", "design", "quality", 8));
        McpSchema.CallToolResult done =
            call(c, "complete_task", Map.of("output", Map.of("files", List.of("api/ws.go"))));

        assertThat(done.isError()).isFalse();
        assertThat(reporter.statuses)
            .extracting(Status::progress, Status::message)
            .containsExactly(tuple(40, "reading"), tuple(null, null));
        assertThat(reporter.statuses.get(1).requestedSupport())
            .singleElement()
            .extracting(Status.SupportRequest::fromAgent)
            .isEqualTo("database");
        assertThat(reporter.findings)
            .containsExactly(new RecordingReporter.Finding(List.of("security"), "xss"));
        assertThat(reporter.notes)
            .extracting(n -> n.get("completedWork"))
            .containsExactly("fixed the handler");
        assertThat(reporter.gaps)
            .extracting(RecordingReporter.Gap::capability)
            .containsExactly("kubernetes");
        assertThat(reporter.reviews).containsExactly(new RecordingReporter.Review("design", 8));
        assertThat(lines.output()).contains(Map.of("files", List.of("api/ws.go")));

        McpSchema.CallToolResult noTags = call(c, "report_finding", Map.of("summary", "x"));
        assertThat(noTags.isError()).isTrue();
        assertThat(text(noTags)).contains("tags");
        McpSchema.CallToolResult badScore = call(c, "review", Map.of("step", "d", "quality", 11));
        assertThat(badScore.isError()).isTrue();
        assertThat(reporter.findings).hasSize(1);
        assertThat(reporter.reviews).hasSize(1);
        McpSchema.CallToolResult notObject = call(c, "complete_task", Map.of("output", "text"));
        assertThat(notObject.isError()).isTrue();
      } finally {
        c.closeGracefully();
      }
    }
  }

  @Test
  void a_wrong_token_or_an_ended_attempt_records_nothing() throws Exception {
    ProtocolLines lines = new ProtocolLines(reporter, NONE, "coder", "run-1/fix/1");
    ReportSocket socket = ReportSocket.open("right", lines);
    McpSyncClient wrong = client(socket.path(), "wrong");
    McpSyncClient right = client(socket.path(), "right");
    try {
      McpSchema.CallToolResult refused = call(wrong, "report_gap", Map.of("capability", "x"));
      assertThat(refused.isError()).isTrue();
      assertThat(text(refused)).contains("token");

      socket.close();
      McpSchema.CallToolResult late = call(right, "report_gap", Map.of("capability", "x"));
      assertThat(late.isError()).isTrue();
      assertThat(text(late)).contains("the attempt has ended");
      assertThat(reporter.gaps).isEmpty();
    } finally {
      wrong.closeGracefully();
      right.closeGracefully();
    }
  }
}
