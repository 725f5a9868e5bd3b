package dev.baton.run;

import dev.baton.journal.HumanAction;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import java.time.Instant;
import java.util.List;

/** A human task of a run as the fold knows it. */
public record HumanTaskState(
    String id,
    TaskKind kind,
    String question,
    List<String> options,
    String step,
    TaskCause cause,
    boolean blocking,
    Instant opened,
    HumanAction decision) {
  public boolean open() {
    return decision == null;
  }

  HumanTaskState resolved(HumanAction decision) {
    return new HumanTaskState(id, kind, question, options, step, cause, blocking, opened, decision);
  }
}
