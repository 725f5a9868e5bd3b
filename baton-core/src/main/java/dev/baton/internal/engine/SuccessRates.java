package dev.baton.internal.engine;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Agents' success rates as this process has seen them in the journal (finished attempts that
 * succeeded), for routing {@code requires:} steps (docs/conflicts.md). An agent with no finished
 * attempt yet counts 0, so known-good agents are preferred and ties fall to the least loaded.
 */
final class SuccessRates implements Consumer<List<JournalEntry>> {
  private record Tally(long succeeded, long finished) {}

  private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();

  @Override
  public void accept(List<JournalEntry> entries) {
    for (JournalEntry e : entries) {
      switch (e.event()) {
        case Event.StepSucceeded s -> count(s.agent(), true);
        case Event.StepFailed f -> count(f.agent(), false);
        case Event.StepTimedOut t -> count(t.agent(), false);
        default -> {}
      }
    }
  }

  private void count(String agent, boolean ok) {
    if (agent == null) return;
    tallies.merge(
        agent,
        new Tally(ok ? 1 : 0, 1),
        (a, b) -> new Tally(a.succeeded() + b.succeeded(), a.finished() + b.finished()));
  }

  /** Succeeded / finished attempts, 0 when none finished yet. */
  double rate(String agent) {
    Tally t = tallies.get(agent);
    return t == null || t.finished() == 0 ? 0 : (double) t.succeeded() / t.finished();
  }

  /** Every agent's rate (0-1) among those with a finished attempt. */
  Map<String, Double> asMap() {
    Map<String, Double> out = new HashMap<>();
    tallies.forEach((agent, t) -> {
      if (t.finished() > 0) out.put(agent, (double) t.succeeded() / t.finished());
    });
    return out;
  }
}
