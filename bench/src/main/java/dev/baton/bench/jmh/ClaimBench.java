package dev.baton.bench.jmh;

import dev.baton.journal.LeaseOwner;
import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Need;
import dev.baton.resource.ResourceArbiter;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.workflow.Priority;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * What the store's arbiter costs between two steps of a run on a command agent's slot (shared by
 * every process on the store): the ended step's release and the next step's claim, as two
 * transactions or as one ({@link ResourceArbiter#tryAcquire(Claim, Instant, Instant,
 * java.util.Collection)}). A SQLite store in {@code -Dbaton.bench.dir} (default: the temporary
 * folder), so that the disk under it counts. {@code others}: how many steps of other runs hold the
 * same agent's slots meanwhile (a decision reads every claim on the slot, as at c = 32).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClaimBench {
  private static final List<Need> SLOT = List.of(Need.agentSlot("worker", 1_000_000));

  private Path dir;
  private JournalStore store;
  private ResourceArbiter arbiter;
  private final String owner = LeaseOwner.current().toString();
  private long step;
  private String previous;

  @Param({"0", "96"})
  public int others;

  @Setup
  public void open() throws IOException {
    dir = BenchDirs.create("claim-bench-");
    store = Stores.sqlite(dir.resolve("baton.db"), Clock.systemUTC());
    arbiter = store.arbiter().orElseThrow();
    Instant now = Instant.now();
    for (int i = 0; i < others; i++) {
      Claim c =
          new Claim("other-" + i + "/s", "other-" + i, "s", owner, Priority.NORMAL, false, SLOT);
      if (!(arbiter.tryAcquire(c, now, now.plus(java.time.Duration.ofDays(1)))
          instanceof Decision.Granted)) throw new IllegalStateException("not granted: " + c);
    }
  }

  @TearDown
  public void close() throws IOException {
    store.close();
    BenchDirs.delete(dir);
  }

  private Claim next() {
    String s = "s" + step++;
    return new Claim("run/" + s, "run", s, owner, Priority.NORMAL, false, SLOT);
  }

  /** The ended step's release, then the next step's claim: two transactions. */
  @Benchmark
  public Decision release_then_claim() {
    Claim c = next();
    Instant now = Instant.now();
    if (previous != null) arbiter.release(previous, owner);
    previous = c.holder();
    return arbiter.tryAcquire(c, now, now.plusSeconds(60));
  }

  /** The next step's claim carrying the ended step's release: one transaction. */
  @Benchmark
  public Decision claim_releasing() {
    Claim c = next();
    Instant now = Instant.now();
    List<String> releasing = previous == null ? List.of() : List.of(previous);
    previous = c.holder();
    return arbiter.tryAcquire(c, now, now.plusSeconds(60), releasing);
  }
}
