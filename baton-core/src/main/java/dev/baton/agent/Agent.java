package dev.baton.agent;

/**
 * An agent performs attempts of steps. This is the whole SPI for in-process Java agents:
 *
 * <pre>{@code
 * Agent reviewer = (handoff, attempt) -> {
 *   attempt.reporter().progress(50, "reading the diff");
 *   return Outcome.succeeded(Map.of("verdict", "ok"));
 * };
 * }</pre>
 *
 * <p>{@code perform} blocks; Baton calls it on a virtual thread. Throwing is a failure of the
 * attempt. Agents should stop promptly when {@link Attempt#cancellation()} fires.
 */
@FunctionalInterface
public interface Agent {
  Outcome perform(Handoff handoff, Attempt attempt) throws Exception;
}
