package dev.baton.resource;

import java.util.List;
import java.util.Optional;

/** The arbiter's answer to a claim. */
public sealed interface Decision {
  /** Everything the claim needs is now held by it. */
  record Granted() implements Decision {}

  /**
   * The claim waits in the queue.
   *
   * @param blockedOn the needs it cannot have yet ({@link Need#name()})
   * @param holders who is in the way (holders of those needs, or claims queued before it)
   * @param preempting a holder asked to yield its agent slot to this (critical) claim
   */
  record Waiting(List<String> blockedOn, List<String> holders, Optional<String> preempting)
      implements Decision {
    public Waiting {
      blockedOn = List.copyOf(blockedOn);
      holders = List.copyOf(holders);
    }
  }

  default boolean granted() {
    return this instanceof Granted;
  }
}
