package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A person's decision about a human task ({@code baton decide TASK ACTION}). Written to the journal
 * (and shown) as its lowercase word.
 */
public enum HumanAction {
  /** Go on (without the failed step, past the rule, with the current agent). */
  CONTINUE("continue"),
  /** Run the step (or the compensation) again. */
  RETRY("retry"),
  /** Give the step to another agent. */
  REASSIGN("reassign"),
  /** Stop the run (compensating what it did). */
  ABORT("abort"),
  /** Yes to an approval; continue elsewhere. */
  APPROVE("approve"),
  /** No to an approval; abort elsewhere. */
  REJECT("reject"),
  /** Name who leads the run ({@code lead AGENT}), when the meta agent was unsure. */
  LEAD("lead");

  private final String word;

  HumanAction(String word) {
    this.word = word;
  }

  /** The word in the journal's JSON and on the command line. */
  @JsonValue
  public String word() {
    return word;
  }

  /** The constant for {@code word}, if it is one. */
  public static Optional<HumanAction> of(String word) {
    for (HumanAction v : values()) if (v.word.equals(word)) return Optional.of(v);
    return Optional.empty();
  }

  @JsonCreator
  static HumanAction fromJson(String word) {
    return of(word)
        .orElseThrow(() -> new IllegalArgumentException("not a HumanAction: '" + word + "'"));
  }

  @Override
  public String toString() {
    return word;
  }
}
