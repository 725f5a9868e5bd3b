package dev.baton.journal;

import java.time.Instant;
import java.util.List;

/**
 * A request for a run made by any process that opens the store (a human decision, a cancel). The
 * process that executes the run takes it, applies it through the journal, and marks it done.
 *
 * @param kind {@code decide} (human task decision) or {@code cancel}
 * @param task the human task answered, for {@code decide}
 * @param action {@code continue}, {@code retry}, {@code reassign}, {@code abort}, {@code approve},
 *     {@code reject}
 */
public record RunCommand(
    long id,
    String run,
    String kind,
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
