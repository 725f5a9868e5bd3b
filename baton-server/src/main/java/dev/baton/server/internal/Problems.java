package dev.baton.server.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * Errors as RFC 9457 problem details: {@code {type, title, status, detail}}, never a stack trace.
 */
public final class Problems {
  public static final String TYPE = "application/problem+json";

  private Problems() {}

  public static void answer(Context ctx, int status, String detail) {
    ObjectNode n = Documents.MAPPER.createObjectNode();
    n.put("type", "about:blank");
    n.put("title", HttpStatus.forStatus(status).getMessage());
    n.put("status", status);
    n.put("detail", detail);
    ctx.status(status).contentType(TYPE).result(n.toString());
  }
}
