package dev.baton.store;

import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.metrics.Feedback;
import dev.baton.run.RunState;
import dev.baton.run.RunSummary;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Records people's ratings of a run ({@code baton feedback}, the server's feedback route) without
 * ever writing into a journal another process is appending to: when a live process executes the
 * run, the rating is sent to it as a command and that process journals it; otherwise this process
 * takes the run's lease for the one append and hands it back.
 */
public final class RunFeedback {
  private RunFeedback() {}

  /** What became of a rating. */
  public sealed interface Result {}

  /** Journaled here, as {@code entry}. */
  public record Recorded(JournalEntry entry) implements Result {}

  /** Sent to {@code holder}, the process executing the run, which journals it. */
  public record Sent(String holder) implements Result {}

  /** How long the lease taken for the one append lasts, should this process die holding it. */
  private static final Duration LEASE = Duration.ofSeconds(30);

  /**
   * Records {@code feedback} for {@code summary}'s run.
   *
   * @param executedHere whether this process executes the run (then the rating goes through its
   *     command queue like any other)
   * @throws IllegalArgumentException when the rated step is not a step of the run
   */
  public static Result record(
      JournalStore store,
      RunSummary summary,
      Feedback feedback,
      Clock clock,
      boolean executedHere) {
    String run = summary.run();
    Instant now = clock.instant();
    LeaseOwner me = LeaseOwner.current();
    if (executedHere) return send(store, run, feedback, now, "this process");
    String holder = store.acquireLease(run, me, now.plus(LEASE));
    if (!holder.equals(me.toString())) return send(store, run, feedback, now, holder);
    try {
      RunState state = RunState.replay(run, store.read(run, 0));
      if (feedback.step().isPresent() && state.step(feedback.step().get()).isEmpty())
        throw new IllegalArgumentException(
            "run " + run + " has no step '" + feedback.step().get() + "'");
      JournalEntry entry =
          new JournalEntry(run, state.lastSeq() + 1, clock.instant(), feedback.event(state));
      store.append(new RunJournal.Append(run, List.of(entry), summary)).join();
      return new Recorded(entry);
    } finally {
      store.releaseLease(run, me);
    }
  }

  private static Result send(
      JournalStore store, String run, Feedback feedback, Instant now, String holder) {
    store.submit(feedback.command(run, now));
    return new Sent(holder);
  }
}
