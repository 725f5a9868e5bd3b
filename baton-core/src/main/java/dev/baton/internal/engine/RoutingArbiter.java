package dev.baton.internal.engine;

import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.ResourceArbiter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Sends each claim to the arbiter it needs: claims that only concern this process (the slots of
 * in-process Java agents, which no other process can run) are decided in memory; every other claim
 * goes to the store's arbiter, shared by all processes. Claims that need nothing are never written.
 */
final class RoutingArbiter implements ResourceArbiter {
  private final ResourceArbiter local;
  private final ResourceArbiter shared;
  private final Predicate<Claim> isLocal;
  private final Set<String> localHolders = ConcurrentHashMap.newKeySet();

  RoutingArbiter(ResourceArbiter local, ResourceArbiter shared, Predicate<Claim> isLocal) {
    this.local = local;
    this.shared = shared;
    this.isLocal = isLocal;
  }

  @Override
  public Decision tryAcquire(Claim claim, Instant now, Instant leaseUntil) {
    if (isLocal.test(claim)) {
      localHolders.add(claim.holder());
      return local.tryAcquire(claim, now, leaseUntil);
    }
    return shared.tryAcquire(claim, now, leaseUntil);
  }

  @Override
  public Decision tryAcquire(
      Claim claim, Instant now, Instant leaseUntil, Collection<String> releasing) {
    List<String> elsewhere = releaseLocal(releasing, claim.owner());
    if (isLocal.test(claim)) {
      if (!elsewhere.isEmpty()) shared.releaseAll(elsewhere, claim.owner());
      return tryAcquire(claim, now, leaseUntil);
    }
    return shared.tryAcquire(claim, now, leaseUntil, elsewhere);
  }

  @Override
  public void releaseAll(Collection<String> holders, String owner) {
    List<String> elsewhere = releaseLocal(holders, owner);
    if (!elsewhere.isEmpty()) shared.releaseAll(elsewhere, owner);
  }

  /** Releases the local ones of {@code holders}; returns the others. */
  private List<String> releaseLocal(Collection<String> holders, String owner) {
    if (holders.isEmpty()) return List.of(); // most claims carry no release
    List<String> elsewhere = new ArrayList<>(holders.size());
    for (String holder : holders) {
      if (localHolders.remove(holder)) local.release(holder, owner);
      else elsewhere.add(holder);
    }
    return elsewhere;
  }

  @Override
  public void release(String holder) {
    if (localHolders.remove(holder)) local.release(holder);
    else shared.release(holder);
  }

  @Override
  public void release(String holder, String owner) {
    if (localHolders.remove(holder)) local.release(holder, owner);
    else shared.release(holder, owner);
  }

  @Override
  public List<Holding> holdings() {
    List<Holding> all = new ArrayList<>(shared.holdings());
    all.addAll(local.holdings());
    return all;
  }

  @Override
  public List<Holding> holdings(String name) {
    List<Holding> all = new ArrayList<>(shared.holdings(name));
    all.addAll(local.holdings(name));
    return all;
  }

  @Override
  public void renew(String owner, Instant until) {
    shared.renew(owner, until);
    local.renew(owner, until);
  }

  @Override
  public List<String> yieldRequests(String owner) {
    List<String> all = new ArrayList<>(shared.yieldRequests(owner));
    all.addAll(local.yieldRequests(owner));
    return all;
  }
}
