package dev.baton.workflow;

import java.util.Optional;

/**
 * What a phase does when one of its steps fails for good (docs/architecture.md#failure-handling).
 */
public enum OnFailure {
  ROLLBACK_AND_REPLAN("rollback-and-replan"),
  ROLLBACK_RUN("rollback-run"),
  SKIP("skip"),
  ESCALATE("escalate");

  private final String word;

  OnFailure(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static Optional<OnFailure> of(String word) {
    for (OnFailure f : values()) if (f.word.equals(word)) return Optional.of(f);
    return Optional.empty();
  }
}
