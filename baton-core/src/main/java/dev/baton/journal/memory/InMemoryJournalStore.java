package dev.baton.journal.memory;

import dev.baton.journal.AgentStatus;
import dev.baton.journal.Event;
import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.JournalStore;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.run.RunSummary;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A journal store in memory: not durable, for tests of workflows and as the benchmarks' floor.
 * Behaves like the durable stores in everything else (conflicts, leases, projections).
 */
public final class InMemoryJournalStore implements JournalStore {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, List<JournalEntry>> journals = new HashMap<>();
  private final LinkedHashMap<String, RunSummary> runs = new LinkedHashMap<>();
  private final Map<String, String> leaseHolder = new HashMap<>();
  private final Map<String, Instant> leaseUntil = new HashMap<>();
  private final LinkedHashMap<Long, RunCommand> commands = new LinkedHashMap<>();
  private final LinkedHashMap<String, HumanTask> tasks = new LinkedHashMap<>();
  private final Map<String, AgentStatus> statuses = new TreeMap<>();
  private final dev.baton.metrics.MetricBuckets metrics = new dev.baton.metrics.MetricBuckets();
  private final InMemoryResourceArbiter arbiter = new InMemoryResourceArbiter();
  private final Map<String, dev.baton.journal.CreatedAgent> created = new LinkedHashMap<>();
  private long nextCommand = 1;
  private long commits;
  private long events;

  @Override
  public CompletableFuture<Void> append(Append a) {
    lock.lock();
    try {
      List<JournalEntry> journal = journals.computeIfAbsent(a.run(), k -> new ArrayList<>());
      for (JournalEntry e : a.entries()) {
        if (e.seq() != journal.size() + 1) {
          return CompletableFuture.failedFuture(
              new JournalConflictException("run " + a.run() + ": seq " + e.seq() + " conflicts"));
        }
        journal.add(e);
        project(e);
        metrics.apply(a.run(), List.of(e));
      }
      if (a.summary() != null) {
        runs.put(a.run(), a.summary());
        if (a.summary().state().finished()) {
          leaseHolder.remove(a.run());
          leaseUntil.remove(a.run());
        }
      }
      commits++;
      events += a.entries().size();
      return CompletableFuture.completedFuture(null);
    } finally {
      lock.unlock();
    }
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
              || expiry.isBefore(Instant.now())
              || LeaseOwner.parse(holder).map(LeaseOwner::isDead).orElse(false);
      if (!free) return holder;
      leaseHolder.put(run, owner.toString());
      leaseUntil.put(run, until);
      return owner.toString();
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
    lock.lock();
    try {
      long id = nextCommand++;
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
              c.created()));
      return id;
    } finally {
      lock.unlock();
    }
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
  public List<dev.baton.metrics.AgentMetrics> metrics(long sinceMinute) {
    lock.lock();
    try {
      return metrics.since(sinceMinute);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<dev.baton.resource.ResourceArbiter> arbiter() {
    return Optional.of(arbiter);
  }

  @Override
  public void saveAgent(dev.baton.journal.CreatedAgent agent) {
    lock.lock();
    try {
      created.putIfAbsent(agent.name(), agent);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<dev.baton.journal.CreatedAgent> createdAgents() {
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
      return new Stats(commits, events, java.time.Duration.ZERO);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {}

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
