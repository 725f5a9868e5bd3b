package dev.baton.run;

import java.time.Instant;
import java.util.Optional;

/**
 * One line of {@code baton runs}: kept by the store beside the journal, updated in the same commit.
 */
public record RunSummary(
    String run,
    String workflow,
    RunStatus state,
    String priority,
    Optional<String> primary,
    Instant started,
    Optional<Instant> ended) {}
