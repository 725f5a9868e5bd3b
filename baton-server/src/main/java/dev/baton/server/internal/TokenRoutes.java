package dev.baton.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.baton.server.Access;
import dev.baton.server.Role;
import dev.baton.server.Tokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /api/v1/tokens}: an admin lists, creates (the token in the answer, once) and revokes API
 * tokens, as {@code baton token} does on the store.
 */
public final class TokenRoutes {
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private final ServerState s;

  public TokenRoutes(ServerState s) {
    this.s = s;
  }

  public void register(RoutesConfig r) {
    r.get("/api/v1/tokens", this::list, Access.ADMIN);
    r.post("/api/v1/tokens", this::create, Access.ADMIN);
    r.post("/api/v1/tokens/{name}/revoke", this::revoke, Access.ADMIN);
  }

  private void list(Context ctx) {
    ArrayNode array = Documents.MAPPER.createArrayNode();
    for (Tokens.Entry t : s.tokens().list())
      array
          .addObject()
          .put("name", t.name())
          .put("role", t.role().word())
          .put("created", t.created().toString());
    ctx.json(array);
  }

  private void create(Context ctx) {
    JsonNode body = Bodies.object(ctx);
    String name =
        Bodies.text(body, "name").orElseThrow(() -> ApiError.badRequest("'name' is required"));
    String role =
        Bodies.text(body, "role")
            .orElseThrow(() ->
                ApiError.badRequest("'role' is required: viewer, operator, approver or admin"));
    String token;
    try {
      token = s.tokens().create(name, Role.parse(role));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().contains("exists")
          ? ApiError.conflict(e.getMessage())
          : ApiError.badRequest(e.getMessage());
    }
    ctx.status(201)
        .json(
            Documents.MAPPER
                .createObjectNode()
                .put("name", name)
                .put("role", role)
                .put("token", token));
  }

  private void revoke(Context ctx) {
    String name = ctx.pathParam("name");
    if (!NAME.matcher(name).matches()) throw ApiError.badRequest("'" + name + "' is no token name");
    if (!s.tokens().revoke(name)) throw ApiError.notFound("no token named '" + name + "'");
    ctx.json(Documents.MAPPER.createObjectNode().put("name", name).put("revoked", true));
  }
}
