package dev.baton.workflow;

/**
 * A rule checked while a run is active; fires at most once per run
 * (docs/architecture.md#human-tasks).
 *
 * @param index the rule's position, from 0 in the order the workflow lists its rules, as the
 *     journal's {@code Escalated} event records it (the journal's format since its first release)
 */
public record EscalationRule(int index, Expression when, Action then, String reason) {
  public EscalationRule {
    if (index < 0)
      throw new IllegalArgumentException(
          "an escalation rule's position is 0 or more, not " + index);
  }

  /**
   * The rule's number as people see it, from 1: validation messages, {@code baton events} and logs
   * say "rule 1" for the first rule.
   */
  public int number() {
    return index + 1;
  }

  /** What a rule does when it fires. */
  public sealed interface Action {
    /** Open a human task and put the run in WAITING. */
    record Human() implements Action {}

    /** Hand the lead to another agent. */
    record SetPrimary(String agent) implements Action {}

    /** Raise an alert. */
    record Alert() implements Action {}

    /** Cancel the run, then compensate it. */
    record Abort() implements Action {}
  }
}
