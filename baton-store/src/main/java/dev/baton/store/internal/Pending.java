package dev.baton.store.internal;

import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalRows;
import dev.baton.store.RunJournal.Append;
import dev.baton.store.RunJournal.Committed;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An append waiting for the writer: its row of events already encoded ({@link JournalRows}, on the
 * caller's thread; null for an append without events) and who waits for it: a future the writer's
 * completer thread completes, or a {@link Committed} the writer tells itself (exactly one of the
 * two is not null). {@code claim} is the lease a new run takes in the same commit, or null for
 * other appends. {@code fence} is the lease owner this process executes the run as: the append is
 * written only while the run's lease is still that owner's (a fencing check in the writer's
 * transaction), or null for appends that hold no lease (alerts, a new run's first append).
 */
record Pending(
    Append append,
    String row,
    Claim claim,
    String fence,
    CompletableFuture<Void> done,
    Committed committed) {

  /** A lease taken with a run's first append: the owner's text and the expiry in microseconds. */
  record Claim(String owner, long untilMicros) {}

  static Pending of(Append append, Claim claim, String fence, Committed committed) {
    List<JournalEntry> entries = append.entries();
    String row = entries.isEmpty() ? null : JournalRows.data(entries);
    return new Pending(
        append, row, claim, fence, committed == null ? new CompletableFuture<>() : null, committed);
  }

  int events() {
    return append.entries().size();
  }
}
