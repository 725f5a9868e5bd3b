package dev.baton.store.internal;

import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import dev.baton.store.RunJournal.Append;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An append waiting for the writer: its events already encoded (on the caller's thread) and who
 * waits for it. {@code claim} is the lease a new run takes in the same commit, or null for other
 * appends. {@code fence} is the lease owner this process executes the run as: the append is written
 * only while the run's lease is still that owner's (a fencing check in the writer's transaction),
 * or null for appends that hold no lease (alerts, a new run's first append). The caller waits
 * either on {@code done}, completed by the writer's completer thread, or is {@code told} on the
 * writer thread itself (null, or why the append failed); the other of the two is null.
 */
record Pending(
    Append append,
    List<String> data,
    Claim claim,
    String fence,
    CompletableFuture<Void> done,
    Consumer<Throwable> told) {

  /** A lease taken with a run's first append: the owner's text and the expiry in microseconds. */
  record Claim(String owner, long untilMicros) {}

  static Pending of(Append append) {
    return of(append, null, null);
  }

  static Pending of(Append append, Claim claim, String fence) {
    return new Pending(append, encode(append), claim, fence, new CompletableFuture<>(), null);
  }

  static Pending telling(Append append, Claim claim, String fence, Consumer<Throwable> told) {
    return new Pending(append, encode(append), claim, fence, null, told);
  }

  private static List<String> encode(Append append) {
    return append.entries().stream().map(JournalEntry::event).map(EventCodec::encode).toList();
  }

  int events() {
    return data.size();
  }
}
