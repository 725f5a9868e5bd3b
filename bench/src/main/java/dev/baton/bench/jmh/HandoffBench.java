package dev.baton.bench.jmh;

import dev.baton.agent.Handoff;
import dev.baton.internal.engine.HandoffBuilder;
import dev.baton.journal.Event;
import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import dev.baton.workflow.Workflow;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Building the handoff of a run's last step (everything before it done), and what the engine then
 * does with it on every step: turn it into the journaled {@code HandoffSent} and encode that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HandoffBench {
  @Param({"W1", "W2"})
  public String shape;

  Workflow wf;
  RunState state;
  String last;
  Handoff built;

  @Setup
  public void setUp() {
    wf = Journals.workflow(shape.equals("W2"));
    List<JournalEntry> journal = Journals.journal(wf);
    int lastStart = 0;
    for (int i = 0; i < journal.size(); i++)
      if (journal.get(i).event() instanceof Event.StepStarted) lastStart = i;
    last = ((Event.StepStarted) journal.get(lastStart).event()).step();
    state =
        new RunState(
            journal.get(0).run(),
            wf.phases().stream().map(dev.baton.workflow.Phase::name).toList());
    for (JournalEntry e : journal.subList(0, lastStart + 1)) state.apply(e);
    built = build();
  }

  @Benchmark
  public Handoff build() {
    return HandoffBuilder.build(state, wf, last, "worker", 1, "do " + last);
  }

  @Benchmark
  public String buildAndJournal() {
    Handoff h = build();
    return EventCodec.encode(new Event.HandoffSent(last, "worker", 1, HandoffBuilder.json(h)));
  }
}
