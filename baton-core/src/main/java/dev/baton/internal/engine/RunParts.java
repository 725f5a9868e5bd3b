package dev.baton.internal.engine;

import dev.baton.journal.JournalEntry;
import dev.baton.store.RunJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * The engine-wide parts every run works with, built once by the engine and handed to each {@link
 * RunActor}: a run reaches them through its actor, never through the engine.
 *
 * @param journal where the run's entries are appended
 * @param stallAfter how long an attempt may stay silent before it counts as stalled
 * @param host what the engine does for its runs: their executor, their clock, publishing committed
 *     entries and forgetting finished runs
 */
record RunParts(
    RunJournal journal,
    Failures failures,
    Resources resources,
    Agents agents,
    Performer performer,
    Triages triages,
    Gaps gaps,
    Support support,
    Branches branches,
    SuccessRates successRates,
    Timers timers,
    Duration stallAfter,
    Host host) {

  /** What the engine does for its runs. */
  interface Host {
    Executor executor();

    Clock clock();

    /** Entries a run committed, for the engine's listeners. */
    void published(List<JournalEntry> entries);

    /** The run ended here: the append that recorded its end also released its lease. */
    void ended(RunActor run);

    /** The run stops being executed here (ended, or handed back). */
    void finished(RunActor run);
  }

  /** The one timer thread: timeouts, budgets, retries, escalation ticks. */
  interface Timers {
    /** Runs {@code r} at {@code at} by the engine's clock (at once when that has passed). */
    Future<?> schedule(Instant at, Runnable r);
  }
}
