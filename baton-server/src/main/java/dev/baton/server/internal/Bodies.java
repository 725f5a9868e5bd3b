package dev.baton.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading request bodies and path parameters strictly: anything unexpected is a 400. */
public final class Bodies {
  /** Ids of runs, tasks and steps: no slashes, no dots at the start, nothing to traverse with. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  private Bodies() {}

  /** The JSON object of the body; an empty body reads as {@code {}}. */
  public static JsonNode object(Context ctx) {
    String text = ctx.body();
    if (text.isBlank()) return Documents.MAPPER.createObjectNode();
    JsonNode node;
    try {
      node = Documents.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("the body is not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject())
      throw ApiError.badRequest("the body must be a JSON object");
    return node;
  }

  public static String id(Context ctx, String param) {
    String v = ctx.pathParam(param);
    if (!ID.matcher(v).matches())
      throw ApiError.badRequest(
          "'" + v + "' is not a valid " + param + ": letters, digits, '.', '_' and '-' only");
    return v;
  }

  public static Optional<String> text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return Optional.empty();
    if (!n.isTextual()) throw ApiError.badRequest("'" + field + "' must be a string");
    return Optional.of(n.asText());
  }

  public static Optional<Integer> integer(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return Optional.empty();
    if (!n.isIntegralNumber()) throw ApiError.badRequest("'" + field + "' must be an integer");
    return Optional.of(n.asInt());
  }

  public static List<String> texts(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return List.of();
    if (!n.isArray()) throw ApiError.badRequest("'" + field + "' must be a list of strings");
    List<String> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.isTextual()) throw ApiError.badRequest("'" + field + "' must be a list of strings");
      out.add(x.asText());
    }
    return out;
  }

  /** A map of strings; numbers and booleans are taken as their text. */
  public static Map<String, String> strings(JsonNode body, String field) {
    JsonNode n = body.get(field);
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || n.isNull()) return out;
    if (!n.isObject()) throw ApiError.badRequest("'" + field + "' must be an object of strings");
    for (var e : n.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull())
        throw ApiError.badRequest("'" + field + "." + e.getKey() + "' must be a string");
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
