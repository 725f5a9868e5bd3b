package dev.baton.store.internal;

import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalRows;
import dev.baton.store.RunJournal.Append;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An append waiting for the writer: its row of events already encoded ({@link JournalRows}, on the
 * caller's thread; null for an append without events) and who waits for it. {@code claim} is the
 * lease a new run takes in the same commit, or null for other appends. {@code fence} is the lease
 * owner this process executes the run as: the append is written only while the run's lease is still
 * that owner's (a fencing check in the writer's transaction), or null for appends that hold no
 * lease (alerts, a new run's first append).
 */
record Pending(Append append, String row, Claim claim, String fence, CompletableFuture<Void> done) {

  /** A lease taken with a run's first append: the owner's text and the expiry in microseconds. */
  record Claim(String owner, long untilMicros) {}

  static Pending of(Append append) {
    return of(append, null, null);
  }

  static Pending of(Append append, Claim claim, String fence) {
    List<JournalEntry> entries = append.entries();
    String row =
        entries.isEmpty()
            ? null
            : JournalRows.data(
                entries,
                entries.stream().map(JournalEntry::event).map(EventCodec::encode).toList());
    return new Pending(append, row, claim, fence, new CompletableFuture<>());
  }

  int events() {
    return append.entries().size();
  }
}
