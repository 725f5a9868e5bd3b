package dev.baton.workflow.internal;

import java.util.List;
import java.util.Optional;

/**
 * A YAML node with the position (1-based line and column) where it starts, so that every problem is
 * reported at the offending node itself.
 */
sealed interface Node {
  int line();

  int column();

  /** How a message names this kind of node: "a text", "a map", "a list". */
  String kind();

  /** What a scalar was written as; quoted scalars are always {@link #STRING}. */
  enum ScalarType {
    STRING,
    INT,
    FLOAT,
    BOOL,
    NULL
  }

  /** A scalar, with its text as written (without quotes). */
  record Scalar(String text, ScalarType type, int line, int column) implements Node {
    @Override
    public String kind() {
      return switch (type) {
        case STRING -> "a text";
        case INT -> "a whole number";
        case FLOAT -> "a number";
        case BOOL -> "a boolean";
        case NULL -> "empty";
      };
    }

    boolean isNull() {
      return type == ScalarType.NULL;
    }
  }

  /** One key of a map, positioned at the key. */
  record Entry(String key, int line, int column, Node value) {}

  /** A map, keys in file order, without duplicates (the reader reports those). */
  record MapNode(List<Entry> entries, int line, int column) implements Node {
    public MapNode {
      entries = List.copyOf(entries);
    }

    Optional<Entry> entry(String key) {
      return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    Optional<Node> get(String key) {
      return entry(key).map(Entry::value);
    }

    @Override
    public String kind() {
      return "a map";
    }
  }

  /** A list. */
  record ListNode(List<Node> items, int line, int column) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }
}
