package dev.baton.store.memory;

import dev.baton.BatonException;
import dev.baton.journal.AgentStatus;
import dev.baton.journal.CreatedAgent;
import dev.baton.journal.Event;
import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.journal.StoreSignal;
import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.MetricBuckets;
import dev.baton.resource.ResourceArbiter;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A journal store in memory: not durable, for tests of workflows and as the benchmarks' floor.
 * Behaves like the durable stores in everything else (atomic appends, conflicts, leases,
 * projections); the store contract suites run on it too.
 */
public final class InMemoryJournalStore implements JournalStore {
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, List<JournalEntry>> journals = new HashMap<>();
  private final LinkedHashMap<String, RunSummary> runs = new LinkedHashMap<>();
  private final Map<String, String> leaseHolder = new HashMap<>();
  // runs that have a row in a durable store: appended to or leased at least once
  private final Set<String> leasedOnce = new java.util.HashSet<>();
  private final Map<String, Instant> leaseUntil = new HashMap<>();
  private final LinkedHashMap<Long, RunCommand> commands = new LinkedHashMap<>();
  private final LinkedHashMap<String, HumanTask> tasks = new LinkedHashMap<>();
  private final Map<String, AgentStatus> statuses = new TreeMap<>();
  private final MetricBuckets metrics = new MetricBuckets();
  private final InMemoryResourceArbiter arbiter = new InMemoryResourceArbiter();
  private final Map<String, CreatedAgent> created = new LinkedHashMap<>();
  private long nextCommand = 1;
  private long commits;
  private long events;

  /** A store whose leases expire by the system clock. */
  public InMemoryJournalStore() {
    this(Clock.systemUTC());
  }

  /** A store whose leases expire by {@code clock} (the engine's, in tests that control time). */
  public InMemoryJournalStore(Clock clock) {
    this.clock = clock;
  }

  /** All or nothing, as a transaction of the durable stores: a conflict appends no entry. */
  @Override
  public CompletableFuture<Void> append(Append a) {
    lock.lock();
    try {
      if (closed) return CompletableFuture.failedFuture(closedError());
      Optional<JournalConflictException> conflict = conflict(a);
      if (conflict.isPresent()) return CompletableFuture.failedFuture(conflict.get());
      apply(a);
      return CompletableFuture.completedFuture(null);
    } finally {
      lock.unlock();
    }
  }

  /** The first entries and the lease in one step, as the durable stores do in one commit. */
  @Override
  public CompletableFuture<Void> create(Append first, LeaseOwner owner, Instant until) {
    lock.lock();
    try {
      if (closed) return CompletableFuture.failedFuture(closedError());
      if (!journals.getOrDefault(first.run(), List.of()).isEmpty())
        return CompletableFuture.failedFuture(
            new JournalConflictException("run " + first.run() + " exists already"));
      Optional<JournalConflictException> conflict = conflict(first);
      if (conflict.isPresent()) return CompletableFuture.failedFuture(conflict.get());
      String holder = acquireLease(first.run(), owner, until);
      if (!holder.equals(owner.toString()))
        return CompletableFuture.failedFuture(
            new JournalConflictException("run " + first.run() + " is held by " + holder));
      apply(first);
      return CompletableFuture.completedFuture(null);
    } finally {
      lock.unlock();
    }
  }

  private Optional<JournalConflictException> conflict(Append a) {
    long next = journals.getOrDefault(a.run(), List.of()).size() + 1L;
    for (JournalEntry e : a.entries()) {
      if (e.seq() != next++)
        return Optional.of(
            new JournalConflictException("run " + a.run() + ": seq " + e.seq() + " conflicts"));
    }
    return Optional.empty();
  }

  private void apply(Append a) {
    List<JournalEntry> journal = journals.computeIfAbsent(a.run(), k -> new ArrayList<>());
    for (JournalEntry e : a.entries()) {
      journal.add(e);
      project(e);
    }
    metrics.apply(a.run(), a.entries());
    if (a.summary() != null) {
      runs.put(a.run(), a.summary());
      if (a.summary().state().finished()) {
        leaseHolder.remove(a.run());
        leaseUntil.remove(a.run());
      }
    }
    commits++;
    events += a.entries().size();
  }

  private void project(JournalEntry e) {
    switch (e.event()) {
      case Event.HumanTaskOpened h ->
          tasks.put(
              h.task(),
              new HumanTask(
                  h.task(),
                  e.run(),
                  h.kind(),
                  h.question(),
                  h.options(),
                  e.time(),
                  Optional.empty()));
      case Event.HumanTaskResolved h -> {
        HumanTask t = tasks.get(h.task());
        if (t != null)
          tasks.put(
              h.task(),
              new HumanTask(
                  t.id(),
                  t.run(),
                  t.kind(),
                  t.question(),
                  t.options(),
                  t.opened(),
                  Optional.of(h.decision())));
      }
      case Event.StatusReported s ->
          statuses.put(
              s.agent(),
              new AgentStatus(
                  s.agent(), e.run(), s.step(), s.attempt(), s.progress(), s.status(), e.time()));
      default -> {}
    }
  }

  @Override
  public List<JournalEntry> read(String run, long afterSeq) {
    lock.lock();
    try {
      List<JournalEntry> j = journals.getOrDefault(run, List.of());
      return List.copyOf(j.subList((int) Math.min(afterSeq, j.size()), j.size()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<RunSummary> runs() {
    lock.lock();
    try {
      return List.copyOf(runs.values());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<RunSummary> run(String run) {
    lock.lock();
    try {
      return Optional.ofNullable(runs.get(run));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> unfinishedRuns() {
    return runs().stream().filter(r -> !r.state().finished()).map(RunSummary::run).toList();
  }

  @Override
  public String acquireLease(String run, LeaseOwner owner, Instant until) {
    lock.lock();
    try {
      String holder = leaseHolder.get(run);
      Instant expiry = leaseUntil.get(run);
      boolean free =
          holder == null
              || holder.equals(owner.toString())
              || expiry.isBefore(clock.instant())
              || LeaseOwner.isDead(holder);
      if (!free) return holder;
      leaseHolder.put(run, owner.toString());
      leasedOnce.add(run);
      leaseUntil.put(run, until);
      return owner.toString();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public java.util.Map<String, String> leaseHolders() {
    lock.lock();
    try {
      java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
      leaseHolder.forEach((run, h) -> {
        if (leaseUntil.get(run).isAfter(clock.instant())) out.put(run, h);
      });
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void renewLeases(LeaseOwner owner, Instant until) {
    lock.lock();
    try {
      leaseHolder.forEach((run, h) -> {
        if (h.equals(owner.toString())) leaseUntil.put(run, until);
      });
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Set<String> takenOver(java.util.Collection<String> runs, LeaseOwner owner) {
    lock.lock();
    try {
      Set<String> out = new java.util.LinkedHashSet<>();
      for (String run : runs) {
        String h = leaseHolder.get(run);
        boolean known = this.runs.containsKey(run) || leasedOnce.contains(run);
        if (known && !owner.toString().equals(h)) out.add(run);
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public java.util.Set<String> executing(java.util.Collection<String> runs) {
    lock.lock();
    try {
      java.util.Set<String> out = new java.util.LinkedHashSet<>();
      for (String run : runs) {
        String holder = leaseHolder.get(run);
        if (holder != null
            && clock.instant().isBefore(leaseUntil.get(run))
            && !LeaseOwner.isDead(holder)) out.add(run);
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void releaseLease(String run, LeaseOwner owner) {
    lock.lock();
    try {
      if (owner.toString().equals(leaseHolder.get(run))) {
        leaseHolder.remove(run);
        leaseUntil.remove(run);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long submit(RunCommand c) {
    long id;
    lock.lock();
    try {
      id = nextCommand++;
      commands.put(
          id,
          new RunCommand(
              id,
              c.run(),
              c.kind(),
              c.task(),
              c.action(),
              c.args(),
              c.by(),
              c.note(),
              clock.instant()));
    } finally {
      lock.unlock();
    }
    signal(new StoreSignal(StoreSignal.Kind.COMMAND, c.run()));
    return id;
  }

  // ---- signals: delivered on the caller's thread, after the change, outside the lock

  private final List<Consumer<StoreSignal>> listeners = new CopyOnWriteArrayList<>();

  @Override
  public StoreSignal.Subscription listen(Consumer<StoreSignal> listener) {
    listeners.add(listener);
    return new StoreSignal.Subscription() {
      @Override
      public boolean crossProcess() {
        return false;
      }

      @Override
      public void close() {
        listeners.remove(listener);
      }
    };
  }

  private void signal(StoreSignal signal) {
    for (Consumer<StoreSignal> l : listeners) l.accept(signal);
  }

  @Override
  public List<RunCommand> pendingCommands(List<String> runIds) {
    lock.lock();
    try {
      return commands.values().stream().filter(c -> runIds.contains(c.run())).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void completeCommand(long id) {
    lock.lock();
    try {
      commands.remove(id);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<HumanTask> openHumanTasks() {
    lock.lock();
    try {
      return tasks.values().stream().filter(t -> t.decision().isEmpty()).toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<HumanTask> humanTask(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(tasks.get(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<AgentStatus> agentStatuses() {
    lock.lock();
    try {
      return List.copyOf(statuses.values());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<AgentMetrics> metrics(long sinceMinute) {
    lock.lock();
    try {
      return metrics.since(sinceMinute);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<ResourceArbiter> arbiter() {
    return Optional.of(arbiter);
  }

  @Override
  public void saveAgent(CreatedAgent agent) {
    lock.lock();
    try {
      created.putIfAbsent(agent.name(), agent);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<CreatedAgent> createdAgents() {
    lock.lock();
    try {
      return List.copyOf(created.values());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Stats stats() {
    lock.lock();
    try {
      return new Stats(commits, events, Duration.ZERO);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Appends after {@link #close()} fail, as they do on the durable stores. */
  private boolean closed;

  private static BatonException closedError() {
    return new BatonException("the journal store is closed");
  }

  @Override
  public int prune(Instant endedBefore) {
    lock.lock();
    try {
      List<String> old = new ArrayList<>();
      runs.forEach((id, r) -> {
        if (r.state().finished()
            && r.ended().map(e -> e.isBefore(endedBefore)).orElse(false)
            && !leaseHolder.containsKey(id)) old.add(id);
      });
      for (String id : old) {
        runs.remove(id);
        journals.remove(id);
        tasks.values().removeIf(t -> t.run().equals(id));
        commands.values().removeIf(c -> c.run().equals(id));
      }
      return old.size();
    } finally {
      lock.unlock();
    }
  }
}
