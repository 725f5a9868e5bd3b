package dev.baton.agents.command.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict readers of a protocol line's fields: a wrong type is a {@link Malformed} line, never a
 * silent coercion ({@code "progress": "40"} is rejected). A JSON {@code null} counts as absent.
 */
final class Fields {
  private Fields() {}

  static String text(JsonNode node, String field) throws Malformed {
    String value = optText(node, field);
    if (value == null || value.isBlank()) throw new Malformed("'" + field + "' is required");
    return value;
  }

  static String optText(JsonNode node, String field) throws Malformed {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isTextual()) throw new Malformed("'" + field + "' must be a string");
    return v.textValue();
  }

  static Integer optInt(JsonNode node, String field, int min, int max) throws Malformed {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isIntegralNumber() || !v.canConvertToInt())
      throw new Malformed("'" + field + "' must be an integer");
    int i = v.intValue();
    if (i < min || i > max)
      throw new Malformed("'" + field + "' must be between " + min + " and " + max + ", was " + i);
    return i;
  }

  static int intIn(JsonNode node, String field, int min, int max) throws Malformed {
    Integer i = optInt(node, field, min, max);
    if (i == null) throw new Malformed("'" + field + "' is required");
    return i;
  }

  static List<String> optTexts(JsonNode node, String field) throws Malformed {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isArray()) throw new Malformed("'" + field + "' must be a list of strings");
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual()) throw new Malformed("'" + field + "' must be a list of strings");
      out.add(item.textValue());
    }
    return out;
  }

  static List<String> texts(JsonNode node, String field) throws Malformed {
    List<String> out = optTexts(node, field);
    if (out == null) throw new Malformed("'" + field + "' is required");
    return out;
  }
}
