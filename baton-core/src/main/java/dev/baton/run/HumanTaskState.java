package dev.baton.run;

import java.time.Instant;
import java.util.List;

/** A human task of a run as the fold knows it. */
public record HumanTaskState(
    String id,
    String kind,
    String question,
    List<String> options,
    String step,
    String cause,
    boolean blocking,
    Instant opened,
    String decision) {
  public boolean open() {
    return decision == null;
  }

  HumanTaskState resolved(String decision) {
    return new HumanTaskState(id, kind, question, options, step, cause, blocking, opened, decision);
  }
}
