package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
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

  /**
   * How a person writes this action with its arguments, as a task lists it among its options:
   * {@code usage("STEP", "AGENT")} of {@link #REASSIGN} is {@code reassign STEP AGENT}.
   */
  public String usage(String... arguments) {
    return arguments.length == 0 ? word : word + " " + String.join(" ", arguments);
  }

  /** The options of a task offering exactly these actions, without arguments. */
  public static List<String> options(HumanAction... actions) {
    return Arrays.stream(actions).map(HumanAction::word).toList();
  }

  /**
   * What is wrong with {@code arguments} for this action, if anything: the one rule the command
   * line and the server both apply ({@code continue [DURATION]}, {@code retry [STEP]}, {@code
   * reassign STEP AGENT}, {@code lead AGENT}; the others take none).
   */
  public Optional<String> argumentsProblem(List<String> arguments) {
    int n = arguments.size();
    return switch (this) {
      case CONTINUE, APPROVE ->
          n <= 1 ? Optional.empty() : Optional.of(word + " takes at most one DURATION");
      case RETRY -> n <= 1 ? Optional.empty() : Optional.of("retry takes at most one STEP");
      case REASSIGN -> n == 2 ? Optional.empty() : Optional.of("reassign takes STEP AGENT");
      case LEAD ->
          n == 1 ? Optional.empty() : Optional.of("lead takes AGENT: who should lead the run");
      case ABORT, REJECT -> n == 0 ? Optional.empty() : Optional.of(word + " takes no arguments");
    };
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
