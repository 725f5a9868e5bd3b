package dev.baton.workflow;

/**
 * One thing wrong with a workflow or agents file, at the position of the offending node. Printed as
 * {@code FILE:LINE:COLUMN: message}; lines and columns start at 1.
 */
public record Problem(String file, int line, int column, String message)
    implements Comparable<Problem> {
  public Problem {
    if (line < 1) line = 1;
    if (column < 1) column = 1;
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }

  @Override
  public int compareTo(Problem o) {
    int c = file.compareTo(o.file);
    if (c != 0) return c;
    c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(column, o.column);
  }
}
