package dev.baton.store.internal;

import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.JournalStore.Append;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An append waiting for the writer: its events already encoded (on the caller's thread) and who waits for it. */
record Pending(Append append, List<String> data, CompletableFuture<Void> done) {

  static Pending of(Append append) {
    List<String> data = append.entries().stream().map(JournalEntry::event).map(EventCodec::encode).toList();
    return new Pending(append, data, new CompletableFuture<>());
  }

  int events() {
    return data.size();
  }
}
