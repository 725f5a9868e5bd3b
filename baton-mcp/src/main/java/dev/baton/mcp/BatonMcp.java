package dev.baton.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code baton mcp} (docs/agent-protocols.md): an MCP server over stdio, built on the official MCP
 * Java SDK, that a coding agent started by a command agent loads as a tool server. It finds its
 * attempt from the {@code BATON_*} variables and offers {@code report_status}, {@code
 * report_finding}, {@code handoff_notes}, {@code request_support}, {@code report_gap}, {@code
 * review} and {@code complete_task}, each recorded exactly as the matching {@code @baton} line
 * would be.
 */
public final class BatonMcp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  static final String INSTRUCTIONS =
      "Report your work on this Baton step: progress (report_status), findings,"
          + " notes for the next agent (handoff_notes), help you need (request_support),"
          + " a capability you lack (report_gap), quality scores (review), and finally"
          + " the step's structured result (complete_task).";

  private BatonMcp() {}

  /** {@code baton mcp} without the CLI around it: serves MCP on stdio until stdin ends. */
  public static void main(String[] args) throws InterruptedException {
    serve(System.getenv(), System.in, System.out);
  }

  /** Serves MCP on {@code in}/{@code out} until {@code in} ends. */
  public static void serve(Map<String, String> env, InputStream in, OutputStream out)
      throws InterruptedException {
    AttemptChannel channel = new AttemptChannel(env);
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            if (b < 0) ended.countDown();
            return b;
          }

          @Override
          public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) ended.countDown();
            return n;
          }
        };
    McpSyncServer server =
        McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper(), watched, out))
            .serverInfo("baton", "0.1.0")
            .instructions(INSTRUCTIONS)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .tools(tools(channel))
            .build();
    try {
      ended.await();
    } finally {
      server.closeGracefully();
    }
  }

  static List<McpServerFeatures.SyncToolSpecification> tools(AttemptChannel channel) {
    List<McpServerFeatures.SyncToolSpecification> out = new ArrayList<>();
    for (Tools.Tool t : Tools.ALL) {
      Map<String, Object> schema;
      try {
        schema = JSON.readValue(t.schema(), MAP);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the schema of " + t.name() + " is not JSON", e);
      }
      McpSchema.Tool tool =
          new McpSchema.Tool(t.name(), null, t.description(), schema, null, null, null, null);
      out.add(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(tool)
              .callHandler((exchange, request) -> call(channel, t, request.arguments()))
              .build());
    }
    return out;
  }

  static McpSchema.CallToolResult call(
      AttemptChannel channel, Tools.Tool tool, Map<String, Object> arguments) {
    Map<String, Object> args = arguments == null ? Map.of() : new LinkedHashMap<>(arguments);
    Optional<String> problem;
    try {
      problem = tool.line(args).map(channel::send).orElseGet(() -> Optional.of(tool.usage()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      problem = Optional.of("bad arguments: " + e.getMessage());
    }
    return McpSchema.CallToolResult.builder()
        .addTextContent(problem.map(p -> "not recorded: " + p).orElse("recorded"))
        .isError(problem.isPresent())
        .build();
  }

  static String json(Object value) throws JsonProcessingException {
    return JSON.writeValueAsString(value);
  }
}
