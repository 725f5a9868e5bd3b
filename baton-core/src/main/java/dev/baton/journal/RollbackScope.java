package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** What a rollback compensates. Written to the journal (and shown) as its lowercase word. */
public enum RollbackScope {
  /** The failed step's own work. */
  STEP("step"),
  /** The completed steps of the failed phase. */
  PHASE("phase"),
  /** Every completed step of the run. */
  RUN("run");

  private final String word;

  RollbackScope(String word) {
    this.word = word;
  }

  /** The word in the journal's JSON and on the command line. */
  @JsonValue
  public String word() {
    return word;
  }

  /** The constant for {@code word}, if it is one. */
  public static Optional<RollbackScope> of(String word) {
    for (RollbackScope v : values()) if (v.word.equals(word)) return Optional.of(v);
    return Optional.empty();
  }

  @JsonCreator
  static RollbackScope fromJson(String word) {
    return of(word)
        .orElseThrow(() -> new IllegalArgumentException("not a RollbackScope: '" + word + "'"));
  }

  @Override
  public String toString() {
    return word;
  }
}
