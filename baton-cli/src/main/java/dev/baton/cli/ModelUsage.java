package dev.baton.cli;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Chat-model calls per agent, folded from journals ({@code LlmCalled}): tokens and cost. */
final class ModelUsage {
  /** One agent's calls. */
  static final class Row {
    long calls;
    long inputTokens;
    long outputTokens;
    double costUsd;

    long tokens() {
      return inputTokens + outputTokens;
    }
  }

  private final Map<String, Row> byAgent = new TreeMap<>();

  void accept(List<JournalEntry> entries) {
    for (JournalEntry e : entries) {
      if (!(e.event() instanceof Event.LlmCalled c)) continue;
      Row r = byAgent.computeIfAbsent(c.agent() == null ? "-" : c.agent(), a -> new Row());
      r.calls++;
      r.inputTokens += c.inputTokens();
      r.outputTokens += c.outputTokens();
      r.costUsd += c.costUsd();
    }
  }

  Map<String, Row> byAgent() {
    return byAgent;
  }

  boolean isEmpty() {
    return byAgent.isEmpty();
  }

  void print(PrintStream out) {
    if (byAgent.isEmpty()) return;
    out.println();
    out.println("Chat models");
    out.printf(Locale.ROOT, "  %-16s %7s %12s %12s %10s%n", "AGENT", "CALLS", "IN", "OUT", "COST");
    for (var e : byAgent.entrySet()) {
      Row r = e.getValue();
      out.printf(
          Locale.ROOT,
          "  %-16s %7d %12d %12d %10s%n",
          e.getKey(),
          r.calls,
          r.inputTokens,
          r.outputTokens,
          usd(r.costUsd));
    }
  }

  static String usd(double v) {
    return String.format(Locale.ROOT, "$%.4f", v);
  }
}
