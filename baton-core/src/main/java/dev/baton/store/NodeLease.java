package dev.baton.store;

import dev.baton.BatonException;
import dev.baton.journal.LeaseOwner;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's name, held among the processes sharing a store as a lease of its own ({@link
 * #key(String)}, renewed every third of the lease time, released when the node stops). A second
 * node that asks for a name a live node holds is refused; a name whose holder is gone (same host)
 * is free at once, one whose holder stopped renewing (killed elsewhere, paused) when its lease
 * expires. Other nodes read the lease to tell whether a node is alive ({@link #alive}): the
 * improvement cycle takes over a review claimed by a node that is not (docs/cluster.md).
 */
public final class NodeLease implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeLease.class);

  private final RunLeases store;
  private final LeaseOwner owner;
  private final Duration ttl;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  private NodeLease(RunLeases store, LeaseOwner owner, Duration ttl, Clock clock) {
    this.store = store;
    this.owner = owner;
    this.ttl = ttl;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("baton-node-lease").daemon().factory());
  }

  /** The lease's key among the store's runs (runs with no state of their own are never listed). */
  public static String key(String node) {
    return "baton:node:" + node;
  }

  /**
   * Takes {@code owner}'s node name for as long as this process lives or until {@link #close}.
   *
   * @throws BatonException when a live node holds the name (the message names it)
   */
  public static NodeLease take(RunLeases store, LeaseOwner owner, Duration ttl, Clock clock) {
    String holder = store.acquireLease(key(owner.node()), owner, clock.instant().plus(ttl));
    if (!holder.equals(owner.toString()))
      throw new BatonException(
          "the node name '"
              + owner.node()
              + "' is in use by "
              + holder
              + ", a live node on this store; give this node another name (--node or"
              + " cluster.node in baton.yaml), or stop that one first");
    NodeLease lease = new NodeLease(store, owner, ttl, clock);
    long every = Math.max(100, ttl.toMillis() / 3);
    var unused =
        lease.timer.scheduleWithFixedDelay(lease::renew, every, every, TimeUnit.MILLISECONDS);
    return lease;
  }

  /**
   * True unless {@code holder} ({@link LeaseOwner#toString}) is a named node whose lease it no
   * longer holds (expired: killed on another host, or paused past it; released: stopped) or whose
   * process is gone. Processes without a node name of their own are alive unless gone.
   */
  public static boolean alive(RunLeases store, String holder) {
    Optional<LeaseOwner> o = LeaseOwner.parse(holder);
    if (o.isEmpty()) return true;
    if (o.get().isDead()) return false;
    if (o.get().node().equals(o.get().host())) return true;
    return store.leaseHolder(key(o.get().node())).map(holder::equals).orElse(false);
  }

  private void renew() {
    try {
      String holder = store.acquireLease(key(owner.node()), owner, clock.instant().plus(ttl));
      if (!holder.equals(owner.toString()))
        log.error(
            "node {}: its name was taken by {} while this process did not renew it (paused?);"
                + " two processes now use one node name",
            owner.node(),
            holder);
    } catch (RuntimeException e) {
      log.warn("node {}: could not renew its name's lease: {}", owner.node(), e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      store.releaseLease(key(owner.node()), owner);
    } catch (RuntimeException e) {
      log.info("node {}: could not release its name: {}", owner.node(), e.getMessage());
    }
  }
}
