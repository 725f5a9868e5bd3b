package dev.baton.internal.engine;

import dev.baton.resource.Arbitration;
import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.resource.ResourceArbiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The slots of in-process agents, which only this process can run: a counter and a queue per agent
 * (run priority, then first come first served: {@link Arbitration#QUEUE}), so that granting costs
 * O(log n) however many runs are in flight. A blocked claim that may preempt (a critical run's)
 * asks a holder to yield by {@link Arbitration#victim}, the rule the shared arbiters follow; the
 * holder's process learns it from {@link #yieldRequests}.
 */
final class LocalSlots implements ResourceArbiter {
  private static final Comparator<Holding> ARRIVAL = Comparator.comparingLong(Holding::order);

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Holding> entries = new HashMap<>();
  private final Map<String, Integer> used = new HashMap<>();
  private final Map<String, TreeSet<Holding>> waiting = new HashMap<>();
  private final Map<String, TreeSet<Holding>> holders = new HashMap<>();
  private final Set<String> yielding = new HashSet<>();
  private long order;

  @Override
  public Decision tryAcquire(Claim claim, Instant now, Instant leaseUntil) {
    lock.lock();
    try {
      Holding e = entries.get(claim.holder());
      if (e != null && e.granted()) return new Decision.Granted();
      boolean queued = e != null;
      if (e == null) e = queuedAt(claim, now);
      List<String> blocked = new ArrayList<>();
      Set<String> blockedNames = new LinkedHashSet<>();
      for (Need n : claim.needs()) {
        TreeSet<Holding> q = waiting.get(n.name());
        boolean ahead = q != null && !q.isEmpty() && Arbitration.QUEUE.compare(q.first(), e) < 0;
        if (used.getOrDefault(n.name(), 0) >= n.capacity() || ahead) {
          blocked.add(n.label());
          blockedNames.add(n.name());
        }
      }
      if (blocked.isEmpty()) {
        grant(e, now);
        return new Decision.Granted();
      }
      if (!queued) {
        entries.put(claim.holder(), e);
        for (Need n : claim.needs())
          waiting.computeIfAbsent(n.name(), k -> new TreeSet<>(Arbitration.QUEUE)).add(e);
      }
      Optional<String> preempting =
          claim.mayPreempt() ? preempt(e, blockedNames) : Optional.empty();
      return new Decision.Waiting(blocked, List.of(), preempting);
    } finally {
      lock.unlock();
    }
  }

  private Holding queuedAt(Claim c, Instant now) {
    return new Holding(
        ++order,
        c.holder(),
        c.run(),
        c.step(),
        c.owner(),
        Instant.MAX,
        c.priority(),
        c.mayPreempt(),
        c.needs(),
        false,
        now,
        Optional.empty());
  }

  private void grant(Holding queued, Instant now) {
    Holding granted = queued.grantedAt(now);
    for (Need n : granted.needs()) {
      used.merge(n.name(), 1, Integer::sum);
      TreeSet<Holding> q = waiting.get(n.name());
      if (q != null) q.remove(queued);
      holders.computeIfAbsent(n.name(), k -> new TreeSet<>(ARRIVAL)).add(granted);
    }
    entries.put(granted.holder(), granted);
  }

  /**
   * Asks a holder of the blocked slots to yield by the shared rule; the holder already asked, when
   * there is one.
   */
  private Optional<String> preempt(Holding me, Set<String> blocked) {
    Set<Holding> concerned = new LinkedHashSet<>();
    for (String name : blocked) {
      Set<Holding> granted = holders.get(name);
      Set<Holding> queued = waiting.get(name);
      if (granted != null) concerned.addAll(granted);
      if (queued != null) concerned.addAll(queued);
    }
    List<Holding> live = List.copyOf(concerned);
    Optional<Holding> victim = Arbitration.victim(live, me, blocked);
    if (victim.isPresent()) {
      Holding v = victim.get();
      entries.put(v.holder(), v);
      for (Need n : v.needs()) {
        TreeSet<Holding> h = holders.get(n.name());
        h.remove(v);
        h.add(v);
      }
      yielding.add(v.holder());
      return Optional.of(v.holder());
    }
    return live.stream()
        .filter(h -> h.preemptedBy().equals(Optional.of(me.holder())))
        .map(Holding::holder)
        .findFirst();
  }

  /** O(1): only the owner's claim is dropped (the interface's default reads every holding). */
  @Override
  public void release(String holder, String owner) {
    lock.lock();
    try {
      Holding e = entries.get(holder);
      if (e != null && e.owner().equals(owner)) release(holder);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(String holder) {
    lock.lock();
    try {
      Holding e = entries.remove(holder);
      yielding.remove(holder);
      if (e == null) return;
      for (Need n : e.needs()) {
        if (e.granted()) {
          used.merge(n.name(), -1, Integer::sum);
          TreeSet<Holding> h = holders.get(n.name());
          if (h != null) h.remove(e);
        } else {
          TreeSet<Holding> q = waiting.get(n.name());
          if (q != null) q.remove(e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Holding> holdings() {
    lock.lock();
    try {
      return entries.values().stream()
          .sorted(
              Comparator.comparing((Holding e) -> !e.granted()).thenComparing(Arbitration.QUEUE))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> yieldRequests(String owner) {
    lock.lock();
    try {
      return yielding.stream()
          .filter(h -> entries.containsKey(h) && entries.get(h).owner().equals(owner))
          .toList();
    } finally {
      lock.unlock();
    }
  }
}
