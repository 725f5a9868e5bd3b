package dev.baton.workflow.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML into positioned {@link Node}s with Jackson's streaming parser. Reports syntax errors
 * at the parser's position, duplicate keys at the second occurrence, and aliases (which Baton does
 * not expand).
 */
final class YamlTree {
  /** Files larger than this are refused before they are parsed. */
  static final int MAX_BYTES = 1024 * 1024;

  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private YamlTree() {}

  static Optional<Node> parse(String text, Problems problems) {
    if (text.length() > MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      problems.at(
          1,
          1,
          "the file is larger than 1 MiB: split it or move long texts into the agents' own files");
      return Optional.empty();
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        problems.at(1, 1, "the file is empty: a workflow needs at least 'name' and 'phases'");
        return Optional.empty();
      }
      Node root = read(p, problems);
      if (p.nextToken() != null) {
        JsonLocation l = p.currentTokenLocation();
        problems.at(
            l.getLineNr(),
            l.getColumnNr(),
            "only one YAML document per file: remove this document or the '---' before it");
      }
      return Optional.of(root);
    } catch (JacksonException e) {
      JsonLocation l = e.getLocation();
      int line = l == null ? 1 : l.getLineNr();
      int column = l == null ? 1 : l.getColumnNr();
      problems.at(line, column, "not valid YAML: " + describe(e));
      return Optional.empty();
    } catch (IOException e) {
      problems.at(1, 1, "cannot read: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static Node read(JsonParser p, Problems problems) throws IOException {
    JsonToken t = p.currentToken();
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    if (t == JsonToken.START_OBJECT) {
      List<Node.Entry> entries = new ArrayList<>();
      Map<String, Node.Entry> seen = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        JsonLocation k = p.currentTokenLocation();
        String key = p.currentName();
        p.nextToken();
        Node.Entry entry = new Node.Entry(key, k.getLineNr(), k.getColumnNr(), read(p, problems));
        Node.Entry first = seen.putIfAbsent(key, entry);
        if (first == null) entries.add(entry);
        else
          problems.at(
              entry, "duplicate key '" + key + "' (first at line " + first.line() + "): keep one");
      }
      return new Node.MapNode(entries, line, column);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) items.add(read(p, problems));
      return new Node.ListNode(items, line, column);
    }
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      problems.at(
          line,
          column,
          "YAML aliases (*" + p.getText() + ") are not supported: write the value out");
    }
    Node.ScalarType type =
        switch (t) {
          case VALUE_NUMBER_INT -> Node.ScalarType.INT;
          case VALUE_NUMBER_FLOAT -> Node.ScalarType.FLOAT;
          case VALUE_TRUE, VALUE_FALSE -> Node.ScalarType.BOOL;
          case VALUE_NULL -> Node.ScalarType.NULL;
          default -> Node.ScalarType.STRING;
        };
    String text = type == Node.ScalarType.NULL ? "" : p.getText();
    return new Node.Scalar(text == null ? "" : text, type, line, column);
  }

  /** The parser's account of the problem, without its echo of the source. */
  private static String describe(JacksonException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblem() != null) {
        String context = m.getContext() == null ? "" : m.getContext() + ": ";
        return context + m.getProblem();
      }
    }
    return describe(e.getOriginalMessage());
  }

  private static String describe(String message) {
    if (message == null || message.isBlank()) return "syntax error";
    String m = message.strip();
    int cut = m.indexOf(" in 'reader'");
    if (cut > 0) m = m.substring(0, cut);
    m =
        m.lines()
            .map(String::strip)
            .filter(s -> !s.isEmpty() && !s.startsWith("in '") && !s.startsWith("^"))
            .reduce((a, b) -> a + " " + b)
            .orElse("syntax error");
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }
}
