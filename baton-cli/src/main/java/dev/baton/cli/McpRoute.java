package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.mcp.McpMessages;
import dev.baton.server.Access;
import dev.baton.server.AttemptTokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code /mcp} of {@code baton serve} (docs/agent-protocols.md): the tools of {@code baton mcp}
 * over MCP's streamable HTTP transport, authenticated by the calling attempt's {@code BATON_TOKEN}.
 * Each POST is one JSON-RPC message answered with one JSON document; there is no session and no
 * server stream ({@code GET} is 405), which the transport allows for a server that never calls
 * back.
 */
final class McpRoute {
  private McpRoute() {}

  static void register(RoutesConfig routes, AttemptTokens attempts) {
    routes.post("/mcp", ctx -> post(ctx, attempts), Access.ATTEMPT);
    routes.get(
        "/mcp",
        ctx ->
            ctx.status(405)
                .header("Allow", "POST")
                .result("this MCP server answers POSTs only (no server-sent stream)"),
        Access.ATTEMPT);
  }

  private static void post(Context ctx, AttemptTokens attempts) {
    String bearer = ctx.header("Authorization");
    AttemptTokens.Grant grant =
        attempts
            .verify(bearer == null ? null : bearer.replaceFirst("(?i)^Bearer\\s+", "").strip())
            .orElseThrow(() -> new io.javalin.http.UnauthorizedResponse("no live attempt's token"));
    JsonNode message;
    try {
      message = Json.MAPPER.readTree(ctx.body());
    } catch (Exception e) {
      ctx.json(McpMessages.error(null, -32700, "parse error: the body is not JSON"));
      return;
    }
    Optional<com.fasterxml.jackson.databind.node.ObjectNode> answer =
        McpMessages.handle(message, line -> report(grant, line));
    if (answer.isEmpty()) ctx.status(202);
    else ctx.json(answer.get());
  }

  /** {@code @baton KEYWORD JSON}, recorded for the attempt as the agent API records it. */
  private static Optional<String> report(AttemptTokens.Grant grant, String line) {
    String rest = line.substring("@baton ".length());
    int space = rest.indexOf(' ');
    return grant.reports().report(rest.substring(0, space), rest.substring(space + 1));
  }
}
