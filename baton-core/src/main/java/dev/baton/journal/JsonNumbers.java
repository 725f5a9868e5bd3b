package dev.baton.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * Numbers an agent sends that a double cannot hold: JSON has no infinity, but {@code 1e999} reads
 * as one, and would be journaled as the string {@code "Infinity"}. Agents' JSON is checked with
 * this and refused with the field's path instead.
 */
public final class JsonNumbers {
  private JsonNumbers() {}

  /**
   * The path ({@code x.items[2]}) of the first number in {@code node} that is not finite, if any.
   */
  public static Optional<String> firstNonFinite(JsonNode node) {
    return find(node, "");
  }

  /** A one-line reason for the number at {@code path}. */
  public static String reason(String path) {
    return (path.isEmpty() ? "a number" : "'" + path + "'")
        + " is out of range: numbers must be finite (below 1.8e308 in size)";
  }

  private static Optional<String> find(JsonNode node, String path) {
    if (node == null) return Optional.empty();
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()))
      return Optional.of(path);
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        Optional<String> found =
            find(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
        if (found.isPresent()) return found;
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<String> found = find(node.get(i), path + "[" + i + "]");
        if (found.isPresent()) return found;
      }
    }
    return Optional.empty();
  }
}
