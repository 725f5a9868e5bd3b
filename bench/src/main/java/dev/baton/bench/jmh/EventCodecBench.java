package dev.baton.bench.jmh;

import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalRows;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

/** Encoding and decoding the events of one whole W1 journal (49 events, handoffs included). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventCodecBench {
  List<JournalEntry> journal;
  List<String> encoded;
  List<List<JournalEntry>> appends;

  @Setup
  public void setUp() {
    journal = Journals.journal(Journals.workflow(false));
    encoded = journal.stream().map(e -> EventCodec.encode(e.event())).toList();
    // a W1 run appends its 49 events in 10 rows: about five a row
    appends = new ArrayList<>();
    for (int i = 0; i < journal.size(); i += 5)
      appends.add(journal.subList(i, Math.min(journal.size(), i + 5)));
  }

  /** The rows of a W1 run as the store writes them: each append's events into one buffer. */
  @Benchmark
  public void encodeW1Rows(Blackhole bh) {
    for (List<JournalEntry> a : appends) bh.consume(JournalRows.data(a));
  }

  /**
   * The same rows made as before: each event into a string of its own, then copied into the row.
   */
  @Benchmark
  public void encodeW1RowsEventByEvent(Blackhole bh) {
    for (List<JournalEntry> a : appends) {
      List<String> json = a.stream().map(e -> EventCodec.encode(e.event())).toList();
      if (a.size() == 1) {
        bh.consume(json.getFirst());
        continue;
      }
      int length = 2;
      for (String s : json) length += s.length() + 24;
      StringBuilder b = new StringBuilder(length).append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) b.append(',');
        b.append('[').append(JournalRows.micros(a.get(i).time())).append(',');
        b.append(json.get(i)).append(']');
      }
      bh.consume(b.append(']').toString());
    }
  }

  @Benchmark
  public void encodeW1Journal(Blackhole bh) {
    for (JournalEntry e : journal) bh.consume(EventCodec.encode(e.event()));
  }

  /**
   * The same events through Jackson's reflective serializers, as before the hand-written writer.
   */
  @Benchmark
  public void encodeW1JournalWithJackson(Blackhole bh) throws Exception {
    for (JournalEntry e : journal) bh.consume(EventCodec.mapper().writeValueAsString(e.event()));
  }

  @Benchmark
  public void decodeW1Journal(Blackhole bh) {
    for (String s : encoded) bh.consume(EventCodec.decode(s));
  }
}
