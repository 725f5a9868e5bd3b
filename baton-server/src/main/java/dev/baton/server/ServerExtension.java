package dev.baton.server;

import io.javalin.config.RoutesConfig;

/**
 * Extra routes served by {@code baton serve} (for example an MCP endpoint or an A2A agent card).
 * Register them with a {@link Access} as their role, as the server's own routes are: a route
 * without one is refused to everybody.
 *
 * <pre>{@code
 * BatonServer.builder(baton).extension(routes ->
 *     routes.get("/.well-known/agent-card.json", ctx -> ctx.json(card), Access.PUBLIC));
 * }</pre>
 */
@FunctionalInterface
public interface ServerExtension {
  void register(RoutesConfig routes);
}
