package dev.baton.bench.jmh;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import dev.baton.store.Stores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * One step boundary of a run through the journal's writer, alone, as at c = 1: a step's result and
 * the next step's start and handoff, appended under the run's lease (the fence) and committed with
 * {@code synchronous=FULL}. A SQLite store in {@code -Dbaton.bench.dir} (default: the temporary
 * folder): on a disk the commit's fsync is most of it; on a tmpfs what is left is the writer's own
 * work (its transaction's statements, the fence, the projections). {@code
 * step_boundary_of_16_runs}: 16 runs at once, each a thread of its own, so that the writer commits
 * their appends in groups, as at c = 32 (its time per operation is then 16 times the writer's per
 * append).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AppendBench {
  private static final String RUN = "bench-run";

  private Path dir;
  private JournalStore store;
  private long seq;
  private Map<String, Object> handoff;

  @Setup
  public void open() throws IOException {
    dir = BenchDirs.create("append-bench-");
    store = Stores.sqlite(dir.resolve("baton.db"), Clock.systemUTC());
    store.acquireLease(RUN, LeaseOwner.current(), Instant.now().plus(java.time.Duration.ofDays(1)));
    handoff = new LinkedHashMap<>();
    handoff.put("fromAgent", "worker");
    handoff.put("toAgent", "worker");
    handoff.put("task", "do the next step");
    handoff.put(
        "context",
        Map.of(
            "completedWork",
            "- a1 (worker): done\n- a2 (worker): done\n- a3 (worker): done",
            "remainingWork",
            "- b3 (B)\n- b4 (B)\n- c1 (C)\n- c2 (C)\n- c3 (C)\n- d1 (D)",
            "constraints",
            List.of(),
            "dependencies",
            List.of("b1")));
    handoff.put("successCriteria", "");
    handoff.put("inputs", Map.of());
    handoff.put("outputs", Map.of());
  }

  @TearDown
  public void close() throws IOException {
    store.close();
    BenchDirs.delete(dir);
  }

  /** A step's result, the next step's start and its handoff: one durable append. */
  @Benchmark
  public void step_boundary() {
    seq = boundary(RUN, seq);
  }

  /** One run of {@link #step_boundary_of_16_runs}: a thread's own, leased when first used. */
  @State(Scope.Thread)
  public static class OwnRun {
    private static final java.util.concurrent.atomic.AtomicInteger RUNS =
        new java.util.concurrent.atomic.AtomicInteger();
    String run;
    long seq;
  }

  /** The same with 16 runs appending at once: the writer commits them in groups. */
  @Benchmark
  @Threads(16)
  public void step_boundary_of_16_runs(OwnRun own) {
    if (own.run == null) {
      own.run = "bench-run-" + OwnRun.RUNS.incrementAndGet();
      store.acquireLease(
          own.run, LeaseOwner.current(), Instant.now().plus(java.time.Duration.ofDays(1)));
    }
    own.seq = boundary(own.run, own.seq);
  }

  /** Appends the boundary after {@code seq} to {@code run}; answers the run's last seq. */
  private long boundary(String run, long seq) {
    Instant now = Instant.now();
    String ended = "s" + seq;
    String next = "s" + (seq + 1);
    List<JournalEntry> entries =
        List.of(
            new JournalEntry(
                run, seq + 1, now, new Event.StepSucceeded("B", ended, "worker", 1, null, 1)),
            new JournalEntry(
                run, seq + 2, now, new Event.StepStarted("B", next, "worker", 1, "do " + next)),
            new JournalEntry(run, seq + 3, now, new Event.HandoffSent(next, "worker", 1, handoff)));
    store.append(new RunJournal.Append(run, entries, null)).join();
    return seq + 3;
  }
}
