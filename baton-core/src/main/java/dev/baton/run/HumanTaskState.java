package dev.baton.run;

import dev.baton.journal.HumanAction;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import java.time.Instant;
import java.util.List;

/**
 * A human task of a run as the fold knows it.
 *
 * @param decision null while the task is open
 * @param note what the person who decided wrote (null while open)
 * @param by who decided (null while open)
 */
public record HumanTaskState(
    String id,
    TaskKind kind,
    String question,
    List<String> options,
    String step,
    TaskCause cause,
    boolean blocking,
    Instant opened,
    HumanAction decision,
    String note,
    String by) {
  public boolean open() {
    return decision == null;
  }

  HumanTaskState resolved(HumanAction decision, String note, String by) {
    return new HumanTaskState(
        id, kind, question, options, step, cause, blocking, opened, decision, note, by);
  }
}
