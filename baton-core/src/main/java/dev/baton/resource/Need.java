package dev.baton.resource;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * One thing a claim needs: a resource held alone ({@code EXCLUSIVE}), a resource shared with other
 * shared holders ({@code SHARED}), or one of {@code capacity} slots ({@code SLOT}, an agent's
 * capacity).
 */
public record Need(String name, Mode mode, int capacity) {
  /** How a need is held. */
  public enum Mode {
    EXCLUSIVE,
    SHARED,
    SLOT
  }

  /** The prefix of the names of agents' slots, so that they never clash with resource names. */
  public static final String AGENT = "agent:";

  public Need {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mode, "mode");
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
  }

  public static Need exclusive(String resource) {
    return new Need(resource, Mode.EXCLUSIVE, 1);
  }

  public static Need shared(String resource) {
    return new Need(resource, Mode.SHARED, 1);
  }

  /** One of the {@code capacity} slots of {@code agent}. */
  public static Need agentSlot(String agent, int capacity) {
    return new Need(AGENT + agent, Mode.SLOT, capacity);
  }

  @JsonIgnore
  public boolean isAgentSlot() {
    return mode == Mode.SLOT && name.startsWith(AGENT);
  }

  /** The resource or agent name as a user wrote it. */
  @JsonIgnore
  public String label() {
    return isAgentSlot()
        ? name.substring(AGENT.length())
        : mode == Mode.SHARED ? name + ":shared" : name;
  }
}
