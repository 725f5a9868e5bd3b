package dev.baton.workflow;

import java.util.Locale;
import java.util.Optional;

/** A run's priority; higher ranks are served first. */
public enum Priority {
  LOW,
  NORMAL,
  HIGH,
  CRITICAL;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Priority> of(String word) {
    for (Priority p : values()) if (p.word().equals(word)) return Optional.of(p);
    return Optional.empty();
  }
}
