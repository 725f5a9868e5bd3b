package dev.baton.bench.jmh;

import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
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

  @Setup
  public void setUp() {
    journal = Journals.journal(Journals.workflow(false));
    encoded = journal.stream().map(e -> EventCodec.encode(e.event())).toList();
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
