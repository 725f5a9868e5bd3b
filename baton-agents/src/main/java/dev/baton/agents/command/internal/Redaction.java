package dev.baton.agents.command.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.baton.agent.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes secret values from what a program reports. JSON is redacted after parsing, value by
 * value: redacting the raw line would miss a secret whose characters JSON escapes.
 */
public final class Redaction {
  private Redaction() {}

  /**
   * A copy of {@code node} with every secret value in its texts and field names replaced by {@code
   * ***}.
   */
  public static JsonNode redact(JsonNode node, Secrets secrets) {
    if (node.isTextual()) return TextNode.valueOf(secrets.redact(node.textValue()));
    if (node instanceof ArrayNode array) {
      ArrayNode out = array.arrayNode();
      array.forEach(item -> out.add(redact(item, secrets)));
      return out;
    }
    if (node instanceof ObjectNode object) {
      ObjectNode out = object.objectNode();
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
      for (Map.Entry<String, JsonNode> field : fields) {
        out.set(secrets.redact(field.getKey()), redact(field.getValue(), secrets));
      }
      return out;
    }
    return node;
  }
}
