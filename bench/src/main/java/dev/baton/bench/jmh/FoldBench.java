package dev.baton.bench.jmh;

import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/** The fold: replaying a whole journal into a fresh {@link RunState} (what resume does per run). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FoldBench {
  @Param({"W1", "W2"})
  public String shape;

  List<JournalEntry> journal;
  List<String> phases;

  @Setup
  public void setUp() {
    var wf = Journals.workflow(shape.equals("W2"));
    journal = Journals.journal(wf);
    phases = wf.phases().stream().map(dev.baton.workflow.Phase::name).toList();
  }

  @Benchmark
  public RunState replay() {
    RunState s = new RunState(journal.get(0).run(), phases);
    for (JournalEntry e : journal) s.apply(e);
    return s;
  }
}
