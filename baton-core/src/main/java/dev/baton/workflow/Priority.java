package dev.baton.workflow;

import java.util.Locale;
import java.util.Optional;

/** A run's priority; higher ranks are served first. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  CRITICAL;

  private static final Priority[] ALL = values();

  private final String word = name().toLowerCase(Locale.ROOT);

  public String word() {
    return word;
  }

  /** The rank stored for this priority (0 = low … 3 = critical); stable across releases. */
  public int rank() {
    return switch (this) {
      case LOW -> 0;
      case NORMAL -> 1;
      case HIGH -> 2;
      case CRITICAL -> 3;
    };
  }

  /** The priority of a stored {@link #rank()}. */
  public static Priority fromRank(int rank) {
    for (Priority p : values()) if (p.rank() == rank) return p;
    throw new IllegalArgumentException("no priority of rank " + rank);
  }

  public static Optional<Priority> of(String word) {
    for (Priority p : ALL) if (p.word.equals(word)) return Optional.of(p);
    return Optional.empty();
  }
}
