package dev.baton.store;

import dev.baton.journal.LeaseOwner;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Leases: only one process executes a run at a time. */
public interface RunLeases {

  /**
   * Takes the run's lease for {@code owner} until {@code until}, when it is free, expired, already
   * {@code owner}'s, or held by an owner that {@link LeaseOwner#isDead() is dead}.
   *
   * @return the holder after the call: {@code owner} on success, else the current holder
   */
  String acquireLease(String run, LeaseOwner owner, Instant until);

  /**
   * Takes the leases of many runs at once (recovery of a whole store), as {@link #acquireLease}
   * would one by one; returns the runs whose lease {@code owner} now holds. The default takes them
   * one by one.
   */
  default Set<String> acquireLeases(List<String> runs, LeaseOwner owner, Instant until) {
    Set<String> mine = new LinkedHashSet<>();
    for (String run : runs)
      if (acquireLease(run, owner, until).equals(owner.toString())) mine.add(run);
    return mine;
  }

  /** Extends every lease held by {@code owner} to {@code until}. */
  void renewLeases(LeaseOwner owner, Instant until);

  /**
   * The runs among {@code runs} whose lease {@code owner} no longer holds: another owner holds it,
   * or it was released (another process took the run over and finished it). {@code owner} lost them
   * (it was paused past its lease, say) and must stop executing them. None by default (a store of
   * one process).
   */
  default Set<String> takenOver(Collection<String> runs, LeaseOwner owner) {
    return Set.of();
  }

  void releaseLease(String run, LeaseOwner owner);

  /**
   * Who executes each run whose lease is held and not expired: run to holder ({@link
   * LeaseOwner#toString}, whose {@link LeaseOwner#nodeOf node} {@code baton runs} shows). Empty for
   * a store of one process.
   */
  default java.util.Map<String, String> leaseHolders() {
    return java.util.Map.of();
  }

  /** Who executes {@code run} now, as {@link #leaseHolders}; empty when nobody does. */
  default java.util.Optional<String> leaseHolder(String run) {
    return java.util.Optional.ofNullable(leaseHolders().get(run));
  }

  /**
   * Of {@code runs}, those a live process executes now: it holds the run's lease, the lease has not
   * expired, and its process is not known to be gone. The others that have not finished are shown
   * as paused ({@code RunSummary.listedState}). By default every one (a store of one process
   * executes every run it has).
   */
  default Set<String> executing(Collection<String> runs) {
    return Set.copyOf(runs);
  }
}
