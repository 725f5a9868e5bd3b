package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * What opened a human task, and so what a decision about it does. Written to the journal (and
 * shown) as its lowercase word.
 */
public enum TaskCause {
  /** A phase failed and the meta agent escalated (or its policy is escalate). */
  FAILURE("failure"),
  /** A compensation failed: data may be inconsistent. */
  COMPENSATION("compensation"),
  /** An escalation rule with then: human fired. */
  RULE("rule"),
  /** An escalation rule about the budget fired: continue may extend it. */
  BUDGET("budget"),
  /** A step assigned to a human agent. */
  AGENT("agent"),
  /** A cancel of a critical or high run waits for approval. */
  CANCEL("cancel"),
  /** Nobody has a capability a step needs. */
  GAP("gap"),
  /** An isolated branch does not merge. */
  MERGE("merge"),
  /** A critical support request nobody can answer. */
  SUPPORT("support"),
  /** An improvement proposal waits for a person's approval (in the proposals' journal). */
  PROPOSAL("proposal"),
  /** The meta agent was unsure who should lead the run. */
  TRIAGE("triage"),
  /**
   * A running agent asks a person for input (a remote A2A agent's {@code input-required}): the
   * answer goes back to the agent.
   */
  INPUT("input");

  private final String word;

  TaskCause(String word) {
    this.word = word;
  }

  /** The word in the journal's JSON and on the command line. */
  @JsonValue
  public String word() {
    return word;
  }

  /** The constant for {@code word}, if it is one. */
  public static Optional<TaskCause> of(String word) {
    for (TaskCause v : values()) if (v.word.equals(word)) return Optional.of(v);
    return Optional.empty();
  }

  @JsonCreator
  static TaskCause fromJson(String word) {
    return of(word)
        .orElseThrow(() -> new IllegalArgumentException("not a TaskCause: '" + word + "'"));
  }

  @Override
  public String toString() {
    return word;
  }
}
