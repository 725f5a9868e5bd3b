package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** What a human task asks of a person. Written to the journal (and shown) as its lowercase word. */
public enum TaskKind {
  /** Decide how a run goes on after something went wrong. */
  ESCALATION("escalation"),
  /** Approve or reject a change of scope (a cancel of a critical or high run). */
  APPROVAL("approval"),
  /**
   * Give what an agent could not (a human agent's step, a knowledge gap, help nobody else can
   * give).
   */
  INPUT("input"),
  /** Resolve a merge conflict of an isolated branch. */
  MERGE("merge");

  private final String word;

  TaskKind(String word) {
    this.word = word;
  }

  /** The word in the journal's JSON and on the command line. */
  @JsonValue
  public String word() {
    return word;
  }

  /** The constant for {@code word}, if it is one. */
  public static Optional<TaskKind> of(String word) {
    for (TaskKind v : values()) if (v.word.equals(word)) return Optional.of(v);
    return Optional.empty();
  }

  @JsonCreator
  static TaskKind fromJson(String word) {
    return of(word)
        .orElseThrow(() -> new IllegalArgumentException("not a TaskKind: '" + word + "'"));
  }

  @Override
  public String toString() {
    return word;
  }
}
