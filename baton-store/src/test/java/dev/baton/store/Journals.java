package dev.baton.store;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.RunJournal.Append;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small builders of journal appends for the store tests. */
final class Journals {
  static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123456Z");

  private Journals() {}

  static RunSummary summary(String run, RunStatus state) {
    Optional<Instant> ended = state.finished() ? Optional.of(T0.plusSeconds(60)) : Optional.empty();
    return new RunSummary(run, "feature", state, "normal", Optional.of("lead"), T0, ended);
  }

  /** Events {@code first, first+1, …} of a run, with the run RUNNING after them. */
  static Append append(String run, long first, Event... events) {
    return append(run, first, RunStatus.RUNNING, events);
  }

  static Append append(String run, long first, RunStatus state, Event... events) {
    List<JournalEntry> entries = new ArrayList<>();
    for (int i = 0; i < events.length; i++) {
      entries.add(new JournalEntry(run, first + i, T0.plusMillis(first + i), events[i]));
    }
    return new Append(run, entries, summary(run, state));
  }

  static Event step(String step) {
    return new Event.StepQueued("build", step, "coder", "ready");
  }
}
