package dev.baton.store;

import dev.baton.journal.AgentStatus;
import dev.baton.journal.CreatedAgent;
import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.journal.StoreSignal;
import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.metrics.Alerts;
import dev.baton.metrics.Metrics;
import dev.baton.resource.ResourceArbiter;
import dev.baton.run.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where runs' journals live (SPEC §5). Implementations batch appends from all runs into few durable
 * commits (group commit) and keep small projections (runs, human tasks, agents' latest status) in
 * the same transactions. One contract test suite runs against every implementation.
 */
public interface JournalStore extends AutoCloseable {

  /**
   * Events of one run to append, with the run's summary after them; a journal that is not a run
   * (the {@link Alerts#STREAM alerts journal}) has no summary ({@code null}). An append whose
   * summary says the run has finished also releases the run's lease, in the same commit.
   */
  record Append(String run, List<JournalEntry> entries, RunSummary summary) {
    public Append {
      entries = List.copyOf(entries);
    }
  }

  /**
   * Appends durably. The future completes once the entries are committed (synchronous durability),
   * or fails with {@link JournalConflictException} when a sequence number of the run already
   * exists.
   */
  CompletableFuture<Void> append(Append append);

  /**
   * Creates a run: appends its first entries and takes its lease for {@code owner} until {@code
   * until} in the same commit, so that starting a run costs one durable write. Fails with {@link
   * JournalConflictException} when the run already has entries. The default appends, then takes the
   * lease.
   */
  default CompletableFuture<Void> create(Append first, LeaseOwner owner, Instant until) {
    return append(first)
        .thenRun(() -> {
          String holder = acquireLease(first.run(), owner, until);
          if (!holder.equals(owner.toString()))
            throw new JournalConflictException("run " + first.run() + " is held by " + holder);
        });
  }

  /** The run's entries with {@code seq > afterSeq}, in order. */
  List<JournalEntry> read(String run, long afterSeq);

  List<RunSummary> runs();

  Optional<RunSummary> run(String run);

  /** Runs that have not finished (any state but SUCCEEDED, FAILED, ROLLED_BACK, CANCELLED). */
  List<String> unfinishedRuns();

  // ---- leases: only one process executes a run at a time ---------------------------------------

  /**
   * Takes the run's lease for {@code owner} until {@code until}, when it is free, expired, already
   * {@code owner}'s, or held by an owner that {@link LeaseOwner#isDead() is dead}.
   *
   * @return the holder after the call: {@code owner} on success, else the current holder
   */
  String acquireLease(String run, LeaseOwner owner, Instant until);

  /**
   * Takes the leases of many runs at once (recovery of a whole store), as {@link #acquireLease}
   * would one by one; returns the runs whose lease {@code owner} now holds. The default takes them
   * one by one.
   */
  default Set<String> acquireLeases(List<String> runs, LeaseOwner owner, Instant until) {
    Set<String> mine = new LinkedHashSet<>();
    for (String run : runs)
      if (acquireLease(run, owner, until).equals(owner.toString())) mine.add(run);
    return mine;
  }

  /** Extends every lease held by {@code owner} to {@code until}. */
  void renewLeases(LeaseOwner owner, Instant until);

  /**
   * The runs among {@code runs} that another owner holds now: {@code owner} lost them (it was
   * paused past its lease, say) and must stop executing them. None by default (a store of one
   * process).
   */
  default Set<String> takenOver(Collection<String> runs, LeaseOwner owner) {
    return Set.of();
  }

  void releaseLease(String run, LeaseOwner owner);

  // ---- commands from other processes -----------------------------------------------------------

  /** Queues a command for a run; returns its id. */
  long submit(RunCommand command);

  /** Commands not yet done, for the given runs, oldest first. */
  List<RunCommand> pendingCommands(List<String> runs);

  void completeCommand(long id);

  // ---- projections
  // -------------------------------------------------------------------------------

  List<HumanTask> openHumanTasks();

  Optional<HumanTask> humanTask(String id);

  List<AgentStatus> agentStatuses();

  // ---- monitoring (SPEC §6) ------------------------------------------------------------------

  /**
   * Metrics per agent (task type empty) and per agent × task type, summed over the minutes at or
   * after {@code sinceMinute} (see {@link Metrics#firstMinute}), ordered by agent then task type.
   * Stores keep per-minute buckets in the append transaction; this default recomputes them from
   * every run's journal, which gives the same figures slowly.
   */
  default List<AgentMetrics> metrics(long sinceMinute) {
    return Metrics.recompute(runs().stream().map(r -> read(r.run(), 0)).toList(), sinceMinute);
  }

  /** Every alert, in the order raised: the fold of the {@link Alerts#STREAM alerts journal}. */
  default List<Alert> alerts() {
    return Alerts.fold(read(Alerts.STREAM, 0));
  }

  // ---- conflicts between agents (SPEC §3.9, §3.10) ----------------------------------------------

  /**
   * The arbiter of resources and agent slots shared by every process on this store. Empty for
   * stores that cannot arbitrate across processes: the engine then arbitrates inside its own
   * process only.
   */
  default Optional<ResourceArbiter> arbiter() {
    return Optional.empty();
  }

  /** Keeps a specialist created from a template, for later runs and {@code baton agents}. */
  default void saveAgent(CreatedAgent agent) {}

  /** Specialists created so far, oldest first. */
  default List<CreatedAgent> createdAgents() {
    return List.of();
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
