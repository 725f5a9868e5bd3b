package dev.baton.bench.jmh;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import dev.baton.store.Stores;
import java.io.IOException;
import java.nio.file.Files;
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
 * work (its transaction's statements, the fence, the projections).
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
    Path base =
        Path.of(System.getProperty("baton.bench.dir", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(base);
    dir = Files.createTempDirectory(base, "append-bench-");
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
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A step's result, the next step's start and its handoff: one durable append. */
  @Benchmark
  public void step_boundary() {
    Instant now = Instant.now();
    long s = seq;
    String ended = "s" + s;
    String next = "s" + (s + 1);
    List<JournalEntry> entries =
        List.of(
            new JournalEntry(
                RUN, s + 1, now, new Event.StepSucceeded("B", ended, "worker", 1, null, 1)),
            new JournalEntry(
                RUN, s + 2, now, new Event.StepStarted("B", next, "worker", 1, "do " + next)),
            new JournalEntry(RUN, s + 3, now, new Event.HandoffSent(next, "worker", 1, handoff)));
    seq = s + 3;
    store.append(new RunJournal.Append(RUN, entries, null)).join();
  }
}
