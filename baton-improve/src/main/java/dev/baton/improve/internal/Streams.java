package dev.baton.improve.internal;

import dev.baton.BatonException;
import dev.baton.journal.Event;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Appends to the improvement journals (configuration versions, proposals, reviews): journals of
 * their own, not runs, shared by every process on the store. A conflict on the next seq means that
 * another process wrote first: the caller's decision is made again on the newer journal.
 */
public final class Streams {
  private static final int TRIES = 20;

  private Streams() {}

  /**
   * Reads {@code stream}, asks {@code decide} what to append after it (nothing: an empty list), and
   * appends it at the next seqs; on a conflict, reads again and decides again.
   *
   * @return the entries appended (empty when {@code decide} wanted nothing)
   */
  public static List<JournalEntry> appendNext(
      JournalStore store,
      String stream,
      Instant now,
      Function<List<JournalEntry>, List<? extends Event>> decide) {
    for (int attempt = 1; ; attempt++) {
      List<JournalEntry> current = store.read(stream, 0);
      List<? extends Event> events = decide.apply(current);
      if (events.isEmpty()) return List.of();
      long seq = current.isEmpty() ? 0 : current.getLast().seq();
      List<JournalEntry> entries = new ArrayList<>();
      for (Event e : events) entries.add(new JournalEntry(stream, ++seq, now, e));
      if (append(store, stream, entries)) return entries;
      if (attempt == TRIES)
        throw new BatonException("could not append to " + stream + ": too many conflicts");
    }
  }

  /** Appends entries at the seqs they carry; false when one of them exists already. */
  public static boolean append(JournalStore store, String stream, List<JournalEntry> entries) {
    try {
      store.append(new RunJournal.Append(stream, entries, null)).join();
      return true;
    } catch (CompletionException e) {
      if (e.getCause() instanceof JournalConflictException) return false;
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }
}
