package dev.baton.store;

import dev.baton.journal.JournalConflictException;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.StoreSignal;
import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.metrics.Alerts;
import dev.baton.metrics.Metrics;
import dev.baton.resource.ResourceArbiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where runs' journals live: the union of the store's roles ({@link RunJournal}, {@link RunLeases},
 * {@link CommandQueue}, {@link Projections}, {@link MonitoringView}, {@link AgentRegistry}), so
 * that a part that needs one role can ask for it alone. Implementations batch appends from all runs
 * into few durable commits (group commit) and keep the projections in the same transactions. The
 * contract suites run against every implementation, the in-memory one included.
 */
public interface JournalStore
    extends RunJournal,
        RunLeases,
        CommandQueue,
        Projections,
        MonitoringView,
        AgentRegistry,
        AutoCloseable {

  /** The default appends, then takes the lease: two commits where the durable stores make one. */
  @Override
  default CompletableFuture<Void> create(Append first, LeaseOwner owner, Instant until) {
    return append(first)
        .thenRun(() -> {
          String holder = acquireLease(first.run(), owner, until);
          if (!holder.equals(owner.toString()))
            throw new JournalConflictException("run " + first.run() + " is held by " + holder);
        });
  }

  /**
   * Stores keep per-minute buckets in the append transaction; this default recomputes them from
   * every run's journal, which gives the same figures slowly.
   */
  @Override
  default List<AgentMetrics> metrics(long sinceMinute) {
    return Metrics.recompute(runs().stream().map(r -> read(r.run(), 0)).toList(), sinceMinute);
  }

  @Override
  default List<Alert> alerts() {
    return Alerts.fold(read(Alerts.STREAM, 0));
  }

  /**
   * The arbiter of resources and agent slots shared by every process on this store. Empty for
   * stores that cannot arbitrate across processes: the engine then arbitrates inside its own
   * process only.
   */
  default Optional<ResourceArbiter> arbiter() {
    return Optional.empty();
  }

  /**
   * How long the last flushes took and how many events they carried (for metrics and benchmarks).
   */
  default Stats stats() {
    return new Stats(0, 0, Duration.ZERO);
  }

  record Stats(long commits, long events, Duration commitTime) {}

  @Override
  void close();

  // ---- signals between processes

  /**
   * Calls {@code listener} (on a store thread; it must not block) when this or another process
   * sharing the store submits a command, releases a claim or creates a run, so waiting work reacts
   * at once instead of at its next poll. The subscription says whether signals also cross processes
   * (PostgreSQL's {@code LISTEN/NOTIFY}); then polling is only a fallback. The default delivers
   * nothing.
   */
  default StoreSignal.Subscription listen(Consumer<StoreSignal> listener) {
    return StoreSignal.NONE;
  }

  // ---- retention
  // ---------------------------------------------------------------------------------

  /**
   * Deletes every finished run that ended before {@code endedBefore} and is leased by no one: its
   * journal, commands, human tasks and claims. Unfinished runs are never touched. Returns how many
   * runs were deleted.
   */
  int prune(Instant endedBefore);
}
