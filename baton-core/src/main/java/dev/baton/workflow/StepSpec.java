package dev.baton.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A step as written in a workflow (or a step template of a {@code foreach} phase).
 *
 * @param retries extra attempts after a failing one, before the phase's {@code onFailure} applies
 * @param retryDelay delay before the first retry; it doubles for each further one
 */
public record StepSpec(
    String id,
    AgentRef agent,
    List<String> requires,
    Template task,
    Optional<Duration> estimate,
    Optional<Duration> timeout,
    int retries,
    Duration retryDelay,
    Optional<Expression> when,
    Success success,
    Optional<Rollback> rollback,
    List<ResourceClaim> resources,
    boolean assignsPrimary,
    boolean branchIsolation,
    List<String> escalateWhen) {
  public StepSpec {
    requires = List.copyOf(requires);
    resources = List.copyOf(resources);
    escalateWhen = List.copyOf(escalateWhen);
    if (retries < 0) throw new IllegalArgumentException("retries must be >= 0");
  }

  /** A step for a {@link PhaseBuilder}, e.g. {@code builder("test").agent("tester").task("…")}. */
  public static StepBuilder builder(String id) {
    return new StepBuilder(id);
  }
}
