package dev.baton.agent;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of a step as an agent sees it: who and what, a reporter for its status, and a
 * cancellation signal (timeouts, cancels and preemption stop attempts through it).
 */
public interface Attempt {
  String run();

  String step();

  String agent();

  int attempt();

  /** {@code RUN/STEP/ATTEMPT}: the same across restarts of the same attempt. */
  default String idempotencyKey() {
    return run() + "/" + step() + "/" + attempt();
  }

  /**
   * The W3C {@code traceparent} of this attempt's span (see {@link TraceContext}): agents pass it
   * on ({@code TRACEPARENT}) so that their own spans join the run's trace.
   */
  default String traceparent() {
    return TraceContext.traceparent(run(), step(), attempt());
  }

  /** True when this attempt runs a compensation ({@code BATON_COMPENSATE=1}). */
  boolean compensating();

  Reporter reporter();

  /**
   * A folder where answers to the agent's support requests appear as {@code ID.json}; it is made
   * (readable by the user only) when this is first called.
   */
  Path inbox();

  /** Secret values the agent may need; never journaled, and redacted from any captured text. */
  Secrets secrets();

  /** Set when the attempt must stop; agents stop their work (a command agent its process tree). */
  Cancellation cancellation();

  /**
   * Environment and settings an agent kind may need (e.g. a workdir override for branch isolation).
   */
  default Map<String, String> extraEnv() {
    return Map.of();
  }

  /**
   * The run's variables when the attempt started, as conditions and templates see them
   * (docs/workflow-language.md: {@code inputs}, {@code run}, {@code phase}, {@code steps}, {@code
   * findings}, {@code item}). Command agents render per-attempt placeholders in their argv and env
   * from them.
   */
  default Map<String, Object> variables() {
    return Map.of();
  }

  default Optional<Path> workdirOverride() {
    return Optional.empty();
  }
}
