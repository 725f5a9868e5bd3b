package dev.baton.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.Access;
import dev.baton.server.AttemptTokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * The agent API: {@code POST /api/v1/attempts/KIND} with the body of the matching {@code @baton}
 * line, authenticated by the attempt's own {@code BATON_TOKEN}. A support request is a status line
 * with one {@code requestedSupport} entry. Each report is recorded exactly as the line would be.
 */
public final class AgentRoutes {
  /** The kinds served, and the {@code @baton} keyword each becomes. */
  public static final List<String> KINDS =
      List.of("status", "finding", "handoff", "support", "gap", "output", "review");

  public void register(RoutesConfig r) {
    for (String kind : KINDS)
      r.post("/api/v1/attempts/" + kind, ctx -> report(ctx, kind), Access.ATTEMPT);
  }

  private static void report(Context ctx, String kind) {
    Principal p = ctx.attribute(Principal.ATTRIBUTE);
    AttemptTokens.Grant grant = p.attempt().orElseThrow();
    JsonNode body = Bodies.object(ctx);
    String keyword = kind;
    String json = body.toString();
    if (kind.equals("support")) {
      keyword = "status";
      var wrapped = Documents.MAPPER.createObjectNode();
      wrapped.putArray("requestedSupport").add(body);
      json = wrapped.toString();
    }
    Optional<String> problem = grant.reports().report(keyword, json);
    if (problem.isPresent()) {
      if (problem.get().equals("the attempt has ended"))
        throw new ApiError(401, "attempt " + grant.key() + " has ended: its token is void");
      throw ApiError.badRequest(problem.get());
    }
    ctx.status(202)
        .json(
            Documents.MAPPER.createObjectNode().put("attempt", grant.key()).put("recorded", kind));
  }
}
