package dev.baton.journal;

import java.time.Instant;
import java.util.List;

/**
 * A request for a run made by any process that opens the store (a human decision, a cancel). The
 * process that executes the run takes it, applies it through the journal, and marks it done.
 *
 * @param kind a decision, a cancel or feedback
 * @param task the human task answered, for {@code decide}
 * @param action for {@code decide}, the {@link HumanAction}'s word as the person gave it; the
 *     kind's word otherwise
 */
public record RunCommand(
    long id,
    String run,
    CommandKind kind,
    String task,
    String action,
    List<String> args,
    String by,
    String note,
    Instant created) {
  public RunCommand {
    args = List.copyOf(args);
    if (note == null) note = "";
    if (by == null) by = "";
  }
}
