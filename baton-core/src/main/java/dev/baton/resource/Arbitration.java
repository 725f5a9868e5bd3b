package dev.baton.resource;

import dev.baton.journal.LeaseOwner;
import dev.baton.workflow.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decision every arbiter makes, as a pure function of the claims it holds: the in-memory
 * arbiter and the SQL stores call it inside their critical section (a lock, a write transaction).
 *
 * <p>Rules (docs/conflicts.md): a claim is granted only when <em>all</em> its needs are free, so
 * nobody holds part of what it needs while waiting for the rest and there is no deadlock. Claims
 * queued before it (higher priority first, then first come first served) count as holders: a later
 * claim never overtakes an earlier one on a need they share, so an exclusive claim is not starved
 * by a stream of shared ones. A critical claim that finds an agent's slots taken by low or normal
 * holders asks the youngest of them to yield (preemption); the holder's process stops that step and
 * re-queues it.
 */
public final class Arbitration {
  /** The result: the decision, the claim's row after it, and a holder asked to yield, if any. */
  public record Result(Decision decision, Holding claim, Optional<Holding> victim) {}

  /** The queue's order: higher priority first, then arrival. */
  public static final Comparator<Holding> QUEUE =
      Comparator.comparing(Holding::priority, Comparator.reverseOrder())
          .thenComparingLong(Holding::order);

  private Arbitration() {}

  /**
   * Decides {@code claim} against the {@code live} holdings (dead owners' already removed).
   *
   * @param order the arrival order to give the claim if it is new
   */
  public static Result decide(
      List<Holding> live, Claim claim, long order, Instant now, Instant leaseUntil) {
    Holding mine = null;
    for (Holding h : live) if (h.holder().equals(claim.holder())) mine = h;
    if (mine != null && mine.granted())
      return new Result(new Decision.Granted(), mine, Optional.empty());
    if (mine == null) {
      mine =
          new Holding(
              order,
              claim.holder(),
              claim.run(),
              claim.step(),
              claim.owner(),
              leaseUntil,
              claim.priority(),
              claim.mayPreempt(),
              claim.needs(),
              false,
              now,
              Optional.empty());
    }
    Holding me = mine;
    List<Holding> occupants = new ArrayList<>();
    for (Holding h : live) {
      if (h.holder().equals(me.holder())) continue;
      if (h.granted() || QUEUE.compare(h, me) < 0) occupants.add(h);
    }
    Set<String> blocked = new LinkedHashSet<>();
    Set<String> inTheWay = new LinkedHashSet<>();
    for (Need need : me.needs()) {
      List<Holding> others = occupants.stream().filter(h -> h.needs(need.name())).toList();
      boolean conflict =
          switch (need.mode()) {
            case EXCLUSIVE -> !others.isEmpty();
            case SHARED ->
                others.stream().anyMatch(h -> modeOf(h, need.name()) == Need.Mode.EXCLUSIVE);
            case SLOT -> others.size() >= need.capacity();
          };
      if (conflict) {
        blocked.add(need.name());
        others.forEach(h -> inTheWay.add(h.holder()));
      }
    }
    if (blocked.isEmpty())
      return new Result(new Decision.Granted(), me.grantedAt(now), Optional.empty());
    Optional<Holding> victim = claim.mayPreempt() ? victim(live, me, blocked) : Optional.empty();
    Optional<String> preempting =
        victim
            .map(Holding::holder)
            .or(() ->
                live.stream()
                    .filter(h -> h.preemptedBy().equals(Optional.of(me.holder())))
                    .map(Holding::holder)
                    .findFirst());
    return new Result(
        new Decision.Waiting(List.copyOf(blocked), List.copyOf(inTheWay), preempting), me, victim);
  }

  /**
   * The preemption rule, the one every arbiter follows: the granted low or normal holder of a slot
   * the critical claim {@code me} is blocked on, lowest priority first, then youngest, returned as
   * asked to yield; none when one was already asked to yield to this claim, or the slot is blocked
   * by claims queued before it (those are critical too, and served first).
   *
   * @param live the holdings of the needs concerned, granted and queued (others may be left out)
   * @param blocked the names of the needs {@code me} is blocked on
   */
  public static Optional<Holding> victim(List<Holding> live, Holding me, Set<String> blocked) {
    if (live.stream().anyMatch(h -> h.preemptedBy().equals(Optional.of(me.holder()))))
      return Optional.empty();
    for (Need need : me.needs()) {
      if (need.mode() != Need.Mode.SLOT || !blocked.contains(need.name())) continue;
      List<Holding> holders =
          live.stream().filter(h -> h.granted() && h.needs(need.name())).toList();
      long yielding = holders.stream().filter(h -> h.preemptedBy().isPresent()).count();
      long queuedBefore =
          live.stream()
              .filter(h -> !h.granted() && h.needs(need.name()) && QUEUE.compare(h, me) < 0)
              .count();
      if (holders.size() - yielding + queuedBefore < need.capacity()) continue;
      Optional<Holding> v =
          holders.stream()
              .filter(
                  h -> h.preemptedBy().isEmpty() && h.priority().compareTo(Priority.NORMAL) <= 0)
              .max(
                  Comparator.comparing(Holding::priority, Comparator.reverseOrder())
                      .thenComparingLong(Holding::order));
      if (v.isPresent() && queuedBefore == 0) return Optional.of(v.get().preemptedBy(me.holder()));
    }
    return Optional.empty();
  }

  private static Need.Mode modeOf(Holding h, String name) {
    for (Need n : h.needs()) if (n.name().equals(name)) return n.mode();
    return Need.Mode.SHARED;
  }

  /**
   * Holdings whose process is gone: its lease expired, or (same host) it is {@link
   * LeaseOwner#isDead() dead}. Their resources and slots are free again.
   */
  public static List<Holding> gone(List<Holding> all, Instant now) {
    Map<String, Boolean> dead = new HashMap<>();
    List<Holding> out = new ArrayList<>();
    for (Holding h : all) {
      boolean isDead =
          h.leaseUntil().isBefore(now) || dead.computeIfAbsent(h.owner(), LeaseOwner::isDead);
      if (isDead) out.add(h);
    }
    return out;
  }
}
