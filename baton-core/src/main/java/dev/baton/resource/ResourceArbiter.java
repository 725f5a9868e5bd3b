package dev.baton.resource;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Grants resources and agent slots to the steps of every run that shares a store
 * (docs/conflicts.md). The store is the arbiter, so the rules hold across processes, not only
 * inside one JVM: the SQL stores decide in a write transaction, the in-memory store under a lock.
 * Claims belong to a process (its {@link dev.baton.journal.LeaseOwner}); a dead process's claims
 * are reclaimed like its leases.
 *
 * <p>Waiting costs nothing here: {@link #tryAcquire} answers at once and leaves a waiting claim in
 * the queue; the engine asks again when something is released in its process, and every few hundred
 * milliseconds for releases made by other processes.
 */
public interface ResourceArbiter {

  /**
   * Grants the claim when all its needs are free and no earlier claim waits for them; otherwise
   * queues it (keeping its place when it is already queued). Granting an already granted claim is a
   * no-op.
   *
   * @param leaseUntil until when the claim stays valid without {@link #renew renewal}
   */
  Decision tryAcquire(Claim claim, Instant now, Instant leaseUntil);

  /**
   * Releases {@code releasing} as {@link #release(String, String)} with the claim's owner, then
   * decides {@code claim} as {@link #tryAcquire(Claim, Instant, Instant)}: a step's end and the
   * next step's start, in one transaction where the store can (one write instead of two on the path
   * between the steps).
   */
  default Decision tryAcquire(
      Claim claim, Instant now, Instant leaseUntil, Collection<String> releasing) {
    releaseAll(releasing, claim.owner());
    return tryAcquire(claim, now, leaseUntil);
  }

  /**
   * Releases each of {@code holders} as {@link #release(String, String)}, in one transaction where
   * the store can.
   */
  default void releaseAll(Collection<String> holders, String owner) {
    for (String holder : holders) release(holder, owner);
  }

  /** Drops the claim, granted or waiting. Unknown holders are ignored. */
  void release(String holder);

  /**
   * Drops the claim only while it is {@code owner}'s: a process that lost a run to another one
   * never frees the slots and resources the new executor holds for the run's steps.
   */
  default void release(String holder, String owner) {
    if (holdings().stream().anyMatch(h -> h.holder().equals(holder) && h.owner().equals(owner)))
      release(holder);
  }

  /**
   * Every claim, granted and waiting, in queue order (for {@code baton status} and {@code baton
   * agents}).
   */
  List<Holding> holdings();

  /**
   * The claims, granted and waiting, that need {@code name} (a resource, or {@link Need#AGENT} and
   * an agent's name): an agent's load, without reading every claim where the store can look them
   * up.
   */
  default List<Holding> holdings(String name) {
    return holdings().stream().filter(h -> h.needs(name)).toList();
  }

  /** Extends the claims of {@code owner}; called with its leases. */
  default void renew(String owner, Instant until) {}

  /** Holders of {@code owner} asked to yield their agent slot to a critical claim. */
  default List<String> yieldRequests(String owner) {
    return holdings().stream()
        .filter(h -> h.owner().equals(owner) && h.granted() && h.preemptedBy().isPresent())
        .map(Holding::holder)
        .toList();
  }
}
