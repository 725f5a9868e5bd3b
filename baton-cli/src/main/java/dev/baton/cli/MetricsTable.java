package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.metrics.AgentMetrics;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code baton metrics} as an aligned table: an agent's totals, then its task types indented below.
 * On a terminal, success and scores get bars (10 cells for 100% or 10/10).
 */
final class MetricsTable {
  private MetricsTable() {}

  /** One line of the table: an agent's totals or one of its task types. */
  record Row(
      String agent,
      Optional<String> taskType,
      long tasks,
      OptionalDouble taskSuccess,
      OptionalDouble avgCompletionTime,
      OptionalDouble escalationRate,
      OptionalDouble qualityScore,
      OptionalDouble collaborationScore,
      OptionalDouble userSatisfaction) {
    static Row of(AgentMetrics m) {
      return new Row(
          m.agent(),
          m.taskType(),
          m.tasks(),
          m.taskSuccess(),
          m.avgCompletionTime(),
          m.escalationRate(),
          m.qualityScore(),
          m.collaborationScore(),
          m.userSatisfaction());
    }

    /** A row of {@code metrics --json} (a server's {@code /api/v1/metrics}). */
    static Row of(JsonNode n) {
      return new Row(
          n.path("agent").asText(),
          n.hasNonNull("taskType") ? Optional.of(n.get("taskType").asText()) : Optional.empty(),
          n.path("tasks").asLong(),
          number(n, "taskSuccess"),
          number(n, "avgCompletionTime"),
          number(n, "escalationRate"),
          number(n, "qualityScore"),
          number(n, "collaborationScore"),
          number(n, "userSatisfaction"));
    }

    private static OptionalDouble number(JsonNode n, String field) {
      return n.hasNonNull(field)
          ? OptionalDouble.of(n.get(field).asDouble())
          : OptionalDouble.empty();
    }
  }

  static void print(PrintStream out, List<AgentMetrics> metrics, String window, boolean bars) {
    printRows(out, metrics.stream().map(Row::of).toList(), window, bars);
  }

  static void printRows(PrintStream out, List<Row> rows, String window, boolean bars) {
    if (rows.isEmpty()) {
      out.println("No finished steps or ratings in the last " + window + ".");
      return;
    }
    int width =
        Math.max(
            18,
            rows.stream()
                .mapToInt(m -> m.taskType().map(t -> t.length() + 2).orElse(m.agent().length()))
                .max()
                .orElse(0));
    String successHead = bars ? "SUCCESS" + " ".repeat(11) : "SUCCESS";
    String qualityHead = bars ? "QUALITY" + " ".repeat(11) : "QUALITY";
    out.printf(
        Locale.ROOT,
        "%-"
            + width
            + "s %5s  %-"
            + successHead.length()
            + "s %8s %7s  %-"
            + qualityHead.length()
            + "s %6s %6s%n",
        "AGENT / TASK TYPE",
        "TASKS",
        successHead,
        "AVG MIN",
        "ESCAL",
        qualityHead,
        "COLLAB",
        "SATISF");
    for (Row m : rows) {
      String name = m.taskType().map(t -> "  " + t).orElse(m.agent());
      out.printf(
          Locale.ROOT,
          "%-" + width + "s %5d  %s %8s %7s  %s %6s %6s%n",
          name,
          m.tasks(),
          cell(m.taskSuccess(), 100, "%", bars, successHead.length()),
          num(m.avgCompletionTime(), "%.1f"),
          num(m.escalationRate(), "%.0f%%"),
          cell(m.qualityScore(), 10, "", bars, qualityHead.length()),
          num(m.collaborationScore(), "%.1f"),
          num(m.userSatisfaction(), "%.1f"));
    }
    out.println("Window: last " + window + ". Scores are 1-10; '-' means no data yet.");
  }

  private static String cell(OptionalDouble v, double max, String unit, boolean bars, int width) {
    String text =
        v.isEmpty()
            ? "-"
            : String.format(Locale.ROOT, max == 100 ? "%.0f" : "%.1f", v.getAsDouble()) + unit;
    if (!bars || v.isEmpty()) return String.format("%-" + width + "s", text);
    int filled = (int) Math.round(10 * Math.min(max, v.getAsDouble()) / max);
    return String.format(
        "%-" + width + "s", "█".repeat(filled) + "·".repeat(10 - filled) + " " + text);
  }

  private static String num(OptionalDouble v, String format) {
    return v.isEmpty() ? "-" : String.format(Locale.ROOT, format, v.getAsDouble());
  }
}
