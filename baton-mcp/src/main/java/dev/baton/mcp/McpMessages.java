package dev.baton.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tools of {@code baton mcp} as single JSON-RPC messages, for MCP's streamable HTTP transport
 * ({@code baton serve}'s {@code /mcp}): each POST carries one message and gets one JSON answer, no
 * session and no server-sent stream (the tools answer at once). The attempt is the caller's (known
 * from its token); {@code send} records a {@code @baton} line for it and says why not when it
 * cannot.
 */
public final class McpMessages {
  /** The protocol versions understood; the newest is answered to any other. */
  public static final List<String> VERSIONS = List.of("2025-06-18", "2025-03-26", "2024-11-05");

  private static final ObjectMapper JSON = new ObjectMapper();

  private McpMessages() {}

  /**
   * The answer to one message; empty for a notification or a client's response (answered {@code 202
   * Accepted} with no body).
   */
  public static Optional<ObjectNode> handle(
      JsonNode message, Function<String, Optional<String>> send) {
    if (message == null || !message.isObject() || !message.has("method"))
      return message != null && message.isObject() && message.has("id")
          ? Optional.empty() // a response to a request of ours: we send none
          : Optional.of(error(null, -32600, "invalid request: one JSON-RPC message is expected"));
    JsonNode id = message.get("id");
    if (id == null) return Optional.empty(); // a notification (e.g. notifications/initialized)
    JsonNode params = message.path("params");
    String method = message.get("method").asText();
    ObjectNode result = JSON.createObjectNode();
    switch (method) {
      case "initialize" -> {
        String asked = params.path("protocolVersion").asText("");
        result.put("protocolVersion", VERSIONS.contains(asked) ? asked : VERSIONS.getFirst());
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", "baton").put("version", "0.1.0");
        result.put("instructions", BatonMcp.INSTRUCTIONS);
      }
      case "ping" -> {}
      case "tools/list" -> {
        ArrayNode tools = result.putArray("tools");
        for (Tools.Tool t : Tools.ALL) {
          ObjectNode n = tools.addObject();
          n.put("name", t.name());
          n.put("description", t.description());
          try {
            n.set("inputSchema", JSON.readTree(t.schema()));
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("the schema of " + t.name() + " is not JSON", e);
          }
        }
      }
      case "tools/call" -> {
        String name = params.path("name").asText("");
        Optional<Tools.Tool> tool =
            Tools.ALL.stream().filter(t -> t.name().equals(name)).findFirst();
        if (tool.isEmpty()) return Optional.of(error(id, -32602, "unknown tool '" + name + "'"));
        Map<String, Object> args =
            params.path("arguments").isObject()
                ? JSON.convertValue(params.get("arguments"), MAP)
                : new LinkedHashMap<>();
        Optional<String> problem;
        try {
          problem =
              tool.get().line(args).map(send).orElseGet(() -> Optional.of(tool.get().usage()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
          problem = Optional.of("bad arguments: " + e.getMessage());
        }
        result
            .putArray("content")
            .addObject()
            .put("type", "text")
            .put("text", problem.map(p -> "not recorded: " + p).orElse("recorded"));
        result.put("isError", problem.isPresent());
      }
      default -> {
        return Optional.of(error(id, -32601, "method not found: " + method));
      }
    }
    ObjectNode answer = JSON.createObjectNode().put("jsonrpc", "2.0");
    answer.set("id", id);
    answer.set("result", result);
    return Optional.of(answer);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  /** A JSON-RPC error answer. */
  public static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode e = JSON.createObjectNode().put("jsonrpc", "2.0");
    e.set("id", id);
    e.putObject("error").put("code", code).put("message", message);
    return e;
  }
}
