package dev.baton.store.memory;

import dev.baton.resource.Arbitration;
import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.ResourceArbiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The arbiter of one process: claims in a map under a lock. Used by {@link InMemoryJournalStore}
 * and by engines whose store has no arbiter of its own (then rules hold inside the process only).
 */
public final class InMemoryResourceArbiter implements ResourceArbiter {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Holding> claims = new LinkedHashMap<>();
  private long order;

  @Override
  public Decision tryAcquire(Claim claim, Instant now, Instant leaseUntil) {
    lock.lock();
    try {
      // the run moved to another executor: its step's claim moves with it
      claims.computeIfPresent(
          claim.holder(),
          (k, h) -> h.owner().equals(claim.owner()) ? h : h.ownedBy(claim.owner(), leaseUntil));
      Arbitration.gone(List.copyOf(claims.values()), now).forEach(h -> claims.remove(h.holder()));
      Arbitration.Result r =
          Arbitration.decide(List.copyOf(claims.values()), claim, ++order, now, leaseUntil);
      claims.put(r.claim().holder(), r.claim());
      r.victim().ifPresent(v -> claims.put(v.holder(), v));
      return r.decision();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(String holder) {
    lock.lock();
    try {
      claims.remove(holder);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void release(String holder, String owner) {
    lock.lock();
    try {
      claims.computeIfPresent(holder, (k, h) -> h.owner().equals(owner) ? null : h);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Holding> holdings() {
    lock.lock();
    try {
      List<Holding> out = new ArrayList<>(claims.values());
      out.sort((a, b) ->
          a.granted() != b.granted() ? (a.granted() ? -1 : 1) : Arbitration.QUEUE.compare(a, b));
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void renew(String owner, Instant until) {
    lock.lock();
    try {
      claims.replaceAll((k, h) ->
          h.owner().equals(owner)
              ? new Holding(
                  h.order(),
                  h.holder(),
                  h.run(),
                  h.step(),
                  h.owner(),
                  until,
                  h.priority(),
                  h.mayPreempt(),
                  h.needs(),
                  h.granted(),
                  h.since(),
                  h.preemptedBy())
              : h);
    } finally {
      lock.unlock();
    }
  }
}
