package dev.baton.store;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.BatonException;
import dev.baton.journal.Event;
import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How the journal's events are laid out in the {@code events} table: one row per append. A row's
 * {@code seq}, {@code time} and {@code type} are those of its first event. An append of one event
 * stores that event's JSON as the row's {@code data}, as every row did before; an append of several
 * stores a JSON array of {@code [time, event]} pairs, the time in microseconds since the epoch,
 * their seqs following the row's one by one.
 *
 * <p>A step's result and the starts it leads to are one append; stored as one row, a commit writes
 * one row and one key per run instead of one per event, which is most of what the journal's writer
 * spends its commits on (docs/benchmarks.md). Journals written one event per row read unchanged.
 *
 * <p>Public for tools that read the table directly (tests, the benchmarks); the store reads and
 * writes through it too.
 */
public final class JournalRows {
  private JournalRows() {}

  /**
   * The {@code data} of the row holding {@code entries}: their events encoded straight into the
   * row's one buffer (a run's append carries a few events, a handoff among them, of a few hundred
   * bytes each; sized for that, the buffer seldom grows).
   */
  public static String data(List<JournalEntry> entries) {
    if (entries.size() == 1) return EventCodec.encode(entries.getFirst().event());
    StringBuilder b = new StringBuilder(BYTES_PER_EVENT * entries.size()).append('[');
    for (int i = 0; i < entries.size(); i++) {
      JournalEntry e = entries.get(i);
      if (i > 0) b.append(',');
      b.append('[').append(micros(e.time())).append(',');
      EventCodec.encode(e.event(), b);
      b.append(']');
    }
    return b.append(']').toString();
  }

  private static final int BYTES_PER_EVENT = 512;

  /**
   * Adds the events of the row ({@code seq}, {@code micros}, {@code data}) after {@code afterSeq}.
   */
  public static void read(
      String run, long seq, long micros, String data, long afterSeq, List<JournalEntry> out) {
    if (!several(data)) {
      if (seq > afterSeq)
        out.add(new JournalEntry(run, seq, instant(micros), EventCodec.decode(data)));
      return;
    }
    // one pass over the row: each pair's time, then its event read straight from the parser
    try (JsonParser p = EventCodec.parser(data)) {
      expect(p, JsonToken.START_ARRAY);
      long at = seq;
      while (p.nextToken() == JsonToken.START_ARRAY) {
        expect(p, JsonToken.VALUE_NUMBER_INT);
        long time = p.getLongValue();
        expect(p, JsonToken.START_OBJECT);
        if (at > afterSeq) {
          Event event = EventCodec.decode(p);
          out.add(new JournalEntry(run, at, instant(time), event));
        } else {
          p.skipChildren();
        }
        expect(p, JsonToken.END_ARRAY);
        at++;
      }
      if (p.currentToken() != JsonToken.END_ARRAY || p.nextToken() != null)
        throw new JsonParseException(p, "expected [time, event] pairs, found " + p.currentToken());
    } catch (IOException e) {
      throw new BatonException(
          "cannot decode journal events of run " + run + ": " + e.getMessage(), e);
    }
  }

  private static void expect(JsonParser p, JsonToken token) throws IOException {
    if (p.nextToken() != token)
      throw new JsonParseException(p, "expected " + token + ", found " + p.currentToken());
  }

  /** The seq of the row's last event. */
  public static long lastSeq(long seq, String data) {
    return several(data) ? seq + tree(data).size() - 1 : seq;
  }

  /** An instant as the table stores it: microseconds since the epoch. */
  public static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /** The instant of a time the table stores. */
  public static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  private static boolean several(String data) {
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (!Character.isWhitespace(c)) return c == '[';
    }
    return false;
  }

  private static JsonNode tree(String data) {
    try {
      return EventCodec.tree(data);
    } catch (JsonProcessingException e) {
      throw new BatonException("cannot decode journal events: " + e.getOriginalMessage(), e);
    }
  }
}
