package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * What follows a rollback once its compensations are done. Written to the journal (and shown) as
 * its lowercase word.
 */
public enum RollbackThen {
  /** The meta agent re-plans the failed phase. */
  REPLAN("replan"),
  /** The run ends ROLLED_BACK. */
  ROLLED_BACK("rolled-back"),
  /** The failed step counts as skipped and the phase goes on. */
  SKIP("skip"),
  /** The run ends CANCELLED. */
  CANCELLED("cancelled");

  private final String word;

  RollbackThen(String word) {
    this.word = word;
  }

  /** The word in the journal's JSON and on the command line. */
  @JsonValue
  public String word() {
    return word;
  }

  /** The constant for {@code word}, if it is one. */
  public static Optional<RollbackThen> of(String word) {
    for (RollbackThen v : values()) if (v.word.equals(word)) return Optional.of(v);
    return Optional.empty();
  }

  @JsonCreator
  static RollbackThen fromJson(String word) {
    return of(word)
        .orElseThrow(() -> new IllegalArgumentException("not a RollbackThen: '" + word + "'"));
  }

  @Override
  public String toString() {
    return word;
  }
}
