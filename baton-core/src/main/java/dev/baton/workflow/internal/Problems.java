package dev.baton.workflow.internal;

import dev.baton.workflow.Problem;
import java.util.List;

/** Collects the problems of one file, each at a node's position. */
final class Problems {
  private final String file;
  private final String[] lines;
  private final List<Problem> found;

  Problems(String file, String text, List<Problem> sink) {
    this.file = file;
    this.lines = text.split("\n", -1);
    this.found = sink;
  }

  String file() {
    return file;
  }

  void at(int line, int column, String message) {
    found.add(new Problem(file, line, column, message));
  }

  void at(Node node, String message) {
    at(node.line(), node.column(), message);
  }

  void at(Node.Entry entry, String message) {
    at(entry.line(), entry.column(), message);
  }

  boolean any() {
    return !found.isEmpty();
  }

  /** The character at a position, or 0 outside the text. */
  char charAt(int line, int column) {
    if (line < 1 || line > lines.length) return 0;
    String l = lines[line - 1];
    return column >= 1 && column <= l.length() ? l.charAt(column - 1) : 0;
  }

  /**
   * The column where {@code needle} occurs on a scalar's first line, searching from the scalar's
   * start; the scalar's own column when it does not occur there (escapes, line breaks).
   */
  int columnOf(Node.Scalar scalar, String needle) {
    if (scalar.line() < 1 || scalar.line() > lines.length) return scalar.column();
    int i = lines[scalar.line() - 1].indexOf(needle, Math.max(0, scalar.column() - 1));
    return i < 0 ? scalar.column() : i + 1;
  }

  /** Columns to add to a 0-based offset inside a one-line scalar: 1 more when it is quoted. */
  int contentColumn(Node.Scalar scalar) {
    char c = charAt(scalar.line(), scalar.column());
    return scalar.column() + (c == '"' || c == '\'' ? 1 : 0);
  }
}
