package dev.baton.store;

import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.metrics.Alerts;
import dev.baton.run.RunSummary;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The journals themselves: appending (group-committed, durable) and reading a run's entries. */
public interface RunJournal {

  /**
   * Events of one run to append, with the run's summary after them when it changed ({@code null}
   * when it did not); a journal that is not a run (the {@link Alerts#STREAM alerts journal}) has no
   * summary. An append whose summary says the run has finished also releases the run's lease, in
   * the same commit.
   */
  record Append(String run, List<JournalEntry> entries, RunSummary summary) {
    public Append {
      entries = List.copyOf(entries);
    }

    /**
     * True for a run's journal; the store's own journals (alerts, examples, …) are named {@code
     * baton:…}, which no run id can be. A run's appends carry its summary only when it changed.
     */
    public boolean ofRun() {
      return run.indexOf(':') < 0;
    }
  }

  /**
   * Appends durably. The future completes once the entries are committed (synchronous durability),
   * or fails with {@link JournalConflictException} when a sequence number of the run already
   * exists.
   */
  CompletableFuture<Void> append(Append append);

  /**
   * Creates a run: appends its first entries and takes its lease for {@code owner} until {@code
   * until} in the same commit, so that starting a run costs one durable write. Fails with {@link
   * JournalConflictException} when the run already has entries.
   */
  CompletableFuture<Void> create(Append first, LeaseOwner owner, Instant until);

  /**
   * Told once how an append went: {@code failure} is null once it is committed, else why it was not
   * (as the future of {@link #append(Append)} would fail, unwrapped). A store with a writer thread
   * of its own may tell it on that thread, between two commits, or on the caller's own thread
   * before {@code append} returns (a virtual thread appending while the writer is idle writes its
   * append itself): it must hand the outcome on (to a queue, a mailbox) and return at once, never
   * block and never wait for another append.
   */
  @FunctionalInterface
  interface Committed {
    void done(Throwable failure);
  }

  /**
   * As {@link #append(Append)}, telling {@code committed} instead of completing a future. Where the
   * store has a writer thread, the writer may tell it itself (the durable stores do when the append
   * was alone in its commit), or a virtual thread appending while nothing else is queued or being
   * written may write and be told itself: the caller hears of the commit without a hand-off to
   * another thread, which a run's next step otherwise waits for once per commit.
   */
  default void append(Append append, Committed committed) {
    var unused = append(append).whenComplete((ok, failure) -> committed.done(cause(failure)));
  }

  /** As {@link #create(Append, LeaseOwner, Instant)}, telling {@code committed} (see above). */
  default void create(Append first, LeaseOwner owner, Instant until, Committed committed) {
    var unused =
        create(first, owner, until).whenComplete((ok, failure) -> committed.done(cause(failure)));
  }

  private static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException c && c.getCause() != null
        ? c.getCause()
        : failure;
  }

  /** The run's entries with {@code seq > afterSeq}, in order. */
  List<JournalEntry> read(String run, long afterSeq);
}
