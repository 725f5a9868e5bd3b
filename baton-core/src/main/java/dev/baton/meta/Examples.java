package dev.baton.meta;

import dev.baton.journal.Event;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.LongFunction;

/**
 * The examples journal: what the meta agent learned from corrections, as {@code ExampleLearned} and
 * {@code ExampleRemoved} events in a journal of their own named {@link #STREAM} (not a run, so it
 * never shows in {@code baton runs}). Every process on the store sees the same examples in the same
 * order; two processes learning at once notice it by a conflict on the journal's seq, and the
 * second one appends after the first.
 */
public final class Examples {
  /** The journal id of the examples journal. */
  public static final String STREAM = "baton:meta-examples";

  private static final int TRIES = 5;

  private Examples() {}

  /** The examples in force, oldest first. */
  public static List<TriageExample> fold(List<JournalEntry> entries) {
    LinkedHashMap<String, TriageExample> out = new LinkedHashMap<>();
    for (JournalEntry e : entries) {
      switch (e.event()) {
        case Event.ExampleLearned l -> {
          // a run corrected twice teaches its final primary only
          if (l.origin() != null && !l.origin().isEmpty())
            out.values().removeIf(x -> x.origin().equals(l.origin()));
          out.put(
              l.example(),
              new TriageExample(
                  l.example(),
                  l.task(),
                  l.agent(),
                  l.reason(),
                  l.origin() == null ? "" : l.origin(),
                  e.time()));
        }
        case Event.ExampleRemoved r -> out.remove(r.example());
        default -> {}
      }
    }
    return new ArrayList<>(out.values());
  }

  /** Every example of the store in force. */
  public static List<TriageExample> of(JournalStore store) {
    return fold(store.read(STREAM, 0));
  }

  /**
   * Learns an example: {@code report} should have been led by {@code agent}.
   *
   * @return its id ({@code E} and the entry's seq)
   */
  public static String learn(
      JournalStore store, Clock clock, String report, String agent, String reason, String origin) {
    return append(
        store,
        clock,
        seq -> new Event.ExampleLearned("E" + seq, agent, report, reason, origin),
        "E");
  }

  /**
   * Removes an example.
   *
   * @return false when no example of that id is in force
   */
  public static boolean remove(JournalStore store, Clock clock, String id, String reason) {
    if (of(store).stream().noneMatch(e -> e.id().equals(id))) return false;
    append(store, clock, seq -> new Event.ExampleRemoved(id, reason), "");
    return true;
  }

  private static String append(
      JournalStore store, Clock clock, LongFunction<Event> event, String idPrefix) {
    for (int attempt = 1; ; attempt++) {
      List<JournalEntry> all = store.read(STREAM, 0);
      long seq = all.isEmpty() ? 1 : all.getLast().seq() + 1;
      JournalEntry entry = new JournalEntry(STREAM, seq, clock.instant(), event.apply(seq));
      try {
        store.append(new RunJournal.Append(STREAM, List.of(entry), null)).join();
        return idPrefix + seq;
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof JournalConflictException) || attempt == TRIES) throw e;
        // another process learned something meanwhile: append after it
      }
    }
  }
}
