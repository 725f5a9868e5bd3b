package dev.baton.internal.engine;

import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.resource.ResourceArbiter;
import dev.baton.workflow.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The slots of in-process agents, which only this process can run: a counter and a queue per agent
 * (run priority, then first come first served), so that deciding costs O(log n) however many runs
 * are in flight. A blocked claim that may preempt (a critical run's) asks the youngest granted
 * holder of a {@code low} or {@code normal} run on that agent to yield ({@link #yieldRequests}).
 */
final class LocalSlots implements ResourceArbiter {
  private record Entry(Claim claim, long order, Instant since, boolean granted) {}

  private static final Comparator<Entry> QUEUE =
      Comparator.comparing((Entry e) -> e.claim().priority())
          .reversed()
          .thenComparingLong(Entry::order);

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Entry> entries = new HashMap<>();
  private final Map<String, Integer> used = new HashMap<>();
  private final Map<String, TreeSet<Entry>> waiting = new HashMap<>();
  private final Map<String, TreeSet<Entry>> holders = new HashMap<>();
  private final Map<String, String> yielding = new HashMap<>();
  private long order;

  @Override
  public Decision tryAcquire(Claim claim, Instant now, Instant leaseUntil) {
    lock.lock();
    try {
      Entry e = entries.get(claim.holder());
      if (e != null && e.granted()) return new Decision.Granted();
      if (e == null) e = new Entry(claim, ++order, now, false);
      List<String> blocked = new ArrayList<>();
      for (Need n : claim.needs()) {
        TreeSet<Entry> q = waiting.get(n.name());
        boolean ahead = q != null && !q.isEmpty() && QUEUE.compare(q.first(), e) < 0;
        if (used.getOrDefault(n.name(), 0) >= n.capacity() || ahead) blocked.add(n.label());
      }
      if (blocked.isEmpty()) {
        Entry granted = new Entry(claim, e.order(), now, true);
        for (Need n : claim.needs()) {
          used.merge(n.name(), 1, Integer::sum);
          TreeSet<Entry> q = waiting.get(n.name());
          if (q != null) q.remove(e);
          holders
              .computeIfAbsent(n.name(), k -> new TreeSet<>(Comparator.comparingLong(Entry::order)))
              .add(granted);
        }
        entries.put(claim.holder(), granted);
        return new Decision.Granted();
      }
      if (!entries.containsKey(claim.holder())) {
        entries.put(claim.holder(), e);
        for (Need n : claim.needs())
          waiting.computeIfAbsent(n.name(), k -> new TreeSet<>(QUEUE)).add(e);
      }
      return new Decision.Waiting(
          blocked, List.of(), claim.mayPreempt() ? preempt(claim) : Optional.empty());
    } finally {
      lock.unlock();
    }
  }

  /** Asks the youngest low or normal holder of each slot the claim needs to yield, once. */
  private Optional<String> preempt(Claim claim) {
    if (yielding.containsValue(claim.holder())) return Optional.of(claim.holder());
    for (Need n : claim.needs()) {
      TreeSet<Entry> granted = holders.get(n.name());
      if (granted == null) continue;
      for (Entry h : granted.descendingSet()) {
        boolean lowly = h.claim().priority().compareTo(Priority.HIGH) < 0;
        if (lowly && !yielding.containsKey(h.claim().holder())) {
          yielding.put(h.claim().holder(), claim.holder());
          return Optional.of(h.claim().holder());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public void release(String holder) {
    lock.lock();
    try {
      Entry e = entries.remove(holder);
      yielding.remove(holder);
      if (e == null) return;
      for (Need n : e.claim().needs()) {
        if (e.granted()) {
          used.merge(n.name(), -1, Integer::sum);
          TreeSet<Entry> h = holders.get(n.name());
          if (h != null) h.remove(e);
        } else {
          TreeSet<Entry> q = waiting.get(n.name());
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
      List<Holding> out = new ArrayList<>();
      entries.values().stream()
          .sorted(Comparator.comparing((Entry e) -> !e.granted()).thenComparing(QUEUE))
          .forEach(e -> {
            Claim c = e.claim();
            out.add(
                new Holding(
                    e.order(),
                    c.holder(),
                    c.run(),
                    c.step(),
                    c.owner(),
                    Instant.MAX,
                    c.priority(),
                    c.mayPreempt(),
                    c.needs(),
                    e.granted(),
                    e.since(),
                    Optional.ofNullable(yielding.get(c.holder()))));
          });
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<String> yieldRequests(String owner) {
    lock.lock();
    try {
      return yielding.keySet().stream()
          .filter(h -> entries.containsKey(h) && entries.get(h).claim().owner().equals(owner))
          .toList();
    } finally {
      lock.unlock();
    }
  }
}
