package dev.baton.resource;

import dev.baton.workflow.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A claim as the arbiter keeps it: granted, or waiting in the queue.
 *
 * @param order arrival order (first come, first served within a priority)
 * @param since when the claim was queued, or granted
 * @param preemptedBy the holder of a critical claim this one was asked to yield its slot to
 */
public record Holding(
    long order,
    String holder,
    String run,
    String step,
    String owner,
    Instant leaseUntil,
    Priority priority,
    boolean mayPreempt,
    List<Need> needs,
    boolean granted,
    Instant since,
    Optional<String> preemptedBy) {
  public Holding {
    needs = List.copyOf(needs);
  }

  public boolean needs(String name) {
    for (Need n : needs) if (n.name().equals(name)) return true;
    return false;
  }

  /** The same claim, now kept by {@code newOwner} (the run's new executor) until {@code until}. */
  public Holding ownedBy(String newOwner, Instant until) {
    return new Holding(
        order,
        holder,
        run,
        step,
        newOwner,
        until,
        priority,
        mayPreempt,
        needs,
        granted,
        since,
        preemptedBy);
  }

  /** The same claim, granted at {@code t}. */
  public Holding grantedAt(Instant t) {
    return new Holding(
        order,
        holder,
        run,
        step,
        owner,
        leaseUntil,
        priority,
        mayPreempt,
        needs,
        true,
        t,
        Optional.empty());
  }

  /** The same claim, asked to yield to the claim of {@code by}. */
  public Holding preemptedBy(String by) {
    return new Holding(
        order,
        holder,
        run,
        step,
        owner,
        leaseUntil,
        priority,
        mayPreempt,
        needs,
        granted,
        since,
        Optional.of(by));
  }
}
