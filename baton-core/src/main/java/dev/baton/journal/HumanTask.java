package dev.baton.journal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A question that waits for a person (projection of HumanTaskOpened/HumanTaskResolved). */
public record HumanTask(
    String id,
    String run,
    TaskKind kind,
    String question,
    List<String> options,
    Instant opened,
    Optional<HumanAction> decision) {
  public HumanTask {
    options = List.copyOf(options);
  }
}
