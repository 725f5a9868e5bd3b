package dev.baton.resource;

import dev.baton.workflow.Priority;
import java.util.List;
import java.util.Objects;

/**
 * What one step (or support task) of a run asks for before it starts: all its {@code needs}, at
 * once.
 *
 * @param holder unique key of the claimant, {@code RUN/STEP}
 * @param owner the process holding it ({@link dev.baton.journal.LeaseOwner} as text): when that
 *     process dies, its claims are reclaimed like its runs' leases
 * @param mayPreempt a critical run may ask a low or normal holder of an agent's slot to yield
 */
public record Claim(
    String holder,
    String run,
    String step,
    String owner,
    Priority priority,
    boolean mayPreempt,
    List<Need> needs) {
  public Claim {
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(priority, "priority");
    needs = List.copyOf(needs);
  }
}
