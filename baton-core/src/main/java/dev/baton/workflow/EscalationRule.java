package dev.baton.workflow;

/**
 * A rule checked while a run is active; fires at most once per run
 * (docs/architecture.md#human-tasks).
 *
 * @param index the rule's number, from 1 in the order the workflow lists its rules: the number
 *     validation messages, the journal's {@code Escalated} event and {@code baton events} show
 */
public record EscalationRule(int index, Expression when, Action then, String reason) {
  public EscalationRule {
    if (index < 1)
      throw new IllegalArgumentException("escalation rules are numbered from 1, not " + index);
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
