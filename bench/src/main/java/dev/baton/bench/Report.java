package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results as Markdown: the figures, Baton's ratios to the floors, W3 and recovery, the targets.
 */
final class Report {
  private final List<Row> rows = new ArrayList<>();
  private final List<String> extra = new ArrayList<>();
  private final List<String> targets = new ArrayList<>();
  private final List<String> commands = new ArrayList<>();
  private int commandsStore;
  private final List<String> embedded = new ArrayList<>();

  synchronized void add(Row row) {
    rows.add(row);
    System.err.println(line(row));
  }

  synchronized void extra(String line) {
    extra.add(line);
    System.err.println(line);
  }

  /**
   * A target from docs/benchmarks.md, with whether this run met it (informational: the harness
   * enforces nothing).
   */
  synchronized void target(String what, double value, String unit, boolean met) {
    targets.add(
        "| "
            + what
            + " | "
            + fmt(value)
            + " "
            + unit
            + " | "
            + (met ? "met" : "**not met**")
            + " |");
  }

  /** Whole-process timings of the command line. */
  synchronized void commands(Cli.Result r) {
    commandsStore = r.runs();
    commands.addAll(r.lines());
    r.lines().forEach(System.err::println);
  }

  /** A line of the embedding application's first seconds. */
  synchronized void embedded(String line) {
    embedded.add(line);
    System.err.println(line);
  }

  Optional<Row> find(String scenario, String target, int concurrency) {
    return rows.stream()
        .filter(r ->
            r.scenario().equals(scenario)
                && r.target().equals(target)
                && r.concurrency() == concurrency)
        .findFirst();
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append(
        "| scenario | target | c | workflows | wf/s | steps/s | p50 ms | p99 ms | handoff p50 ms | handoff p99 ms | events/commit | commits/s |\n");
    b.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Row r : rows) b.append(line(r)).append('\n');
    List<String> ratios = ratios();
    if (!ratios.isEmpty()) {
      b.append(
          "\n| Baton vs floors | c | Baton wf/s | ÷ futures | ÷ SQLite group commit | ÷ SQLite commit per event | ÷ processes, no durability | p50 ÷ processes' p50 |\n");
      b.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
      ratios.forEach(l -> b.append(l).append('\n'));
    }
    if (!embedded.isEmpty()) {
      b.append(
          "\n| embedded, short warm-up (100 workflows, then 32 clients) | target | workflows | wf/s | ÷ floor | heap held after GC, MB |\n");
      b.append("|---|---|--:|--:|--:|--:|\n");
      embedded.forEach(l -> b.append(l).append('\n'));
    }
    if (!commands.isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "\n| command (store of %,d runs) | runs | median s | min s | max s | ÷ floor |\n",
              commandsStore));
      b.append("|---|--:|--:|--:|--:|--:|\n");
      commands.forEach(l -> b.append(l).append('\n'));
    }
    if (!extra.isEmpty()) {
      b.append('\n');
      extra.forEach(l -> b.append("- ").append(l).append('\n'));
    }
    if (!targets.isEmpty()) {
      b.append("\n| target | this run | |\n|---|--:|---|\n");
      targets.forEach(l -> b.append(l).append('\n'));
    }
    return b.toString();
  }

  private List<String> ratios() {
    List<String> out = new ArrayList<>();
    for (Row r : rows) {
      if (!r.target().equals("Baton")) continue;
      double futures =
          find(r.scenario(), "futures (memory)", r.concurrency())
              .map(Row::wfPerSecond)
              .orElse(Double.NaN);
      double group =
          find(r.scenario(), "SQLite, group commit", r.concurrency())
              .map(Row::wfPerSecond)
              .orElse(Double.NaN);
      double perEvent =
          find(r.scenario(), "SQLite, commit per event", r.concurrency())
              .map(Row::wfPerSecond)
              .orElse(Double.NaN);
      Optional<Row> processes = find(r.scenario(), CommandFloor.TARGET, r.concurrency());
      double processesWf = processes.map(Row::wfPerSecond).orElse(Double.NaN);
      double processesP50 = processes.map(Row::p50Millis).orElse(Double.NaN);
      if (Double.isNaN(futures)
          && Double.isNaN(group)
          && Double.isNaN(perEvent)
          && Double.isNaN(processesWf)) continue;
      out.add(
          "| "
              + r.scenario()
              + " | "
              + r.concurrency()
              + " | "
              + fmt(r.wfPerSecond())
              + " | "
              + ratio(r.wfPerSecond(), futures)
              + " | "
              + ratio(r.wfPerSecond(), group)
              + " | "
              + ratio(r.wfPerSecond(), perEvent)
              + " | "
              + ratio(r.wfPerSecond(), processesWf)
              + " | "
              + ratio(r.p50Millis(), processesP50)
              + " |");
    }
    return out;
  }

  private static String line(Row r) {
    return "| "
        + r.scenario()
        + " | "
        + r.target()
        + " | "
        + r.concurrency()
        + " | "
        + r.workflows()
        + " | "
        + fmt(r.wfPerSecond())
        + " | "
        + fmt(r.stepsPerSecond())
        + " | "
        + fmt(r.p50Millis())
        + " | "
        + fmt(r.p99Millis())
        + " | "
        + fmt(r.handoffP50Millis())
        + " | "
        + fmt(r.handoffP99Millis())
        + " | "
        + fmt(r.eventsPerCommit())
        + " | "
        + fmt(r.commitsPerSecond())
        + " |";
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(b) ? "–" : String.format(Locale.ROOT, "%.2f×", a / b);
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) return "–";
    if (v >= 100) return String.format(Locale.ROOT, "%,.0f", v);
    if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
