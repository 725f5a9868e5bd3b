package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A re-planning decision, journaled in {@code Replanned}. Written to the journal (and shown) as its
 * lowercase word.
 */
public enum ReplanDecision {
  /** The phase runs again; the failure joins the step's constraints. */
  RETRY("retry"),
  /** The phase runs again with the step given to another agent. */
  REASSIGN("reassign"),
  /** The phase's steps change (not applied by this engine). */
  AMEND("amend"),
  /** A person decides. */
  ESCALATE("escalate"),
  /** A person chose to go on without the step. */
  SKIP("skip");

  private final String word;

  ReplanDecision(String word) {
    this.word = word;
  }

  /** The word in the journal's JSON and on the command line. */
  @JsonValue
  public String word() {
    return word;
  }

  /** The constant for {@code word}, if it is one. */
  public static Optional<ReplanDecision> of(String word) {
    for (ReplanDecision v : values()) if (v.word.equals(word)) return Optional.of(v);
    return Optional.empty();
  }

  @JsonCreator
  static ReplanDecision fromJson(String word) {
    return of(word)
        .orElseThrow(() -> new IllegalArgumentException("not a ReplanDecision: '" + word + "'"));
  }

  @Override
  public String toString() {
    return word;
  }
}
