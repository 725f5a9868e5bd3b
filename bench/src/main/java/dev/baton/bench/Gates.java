package dev.baton.bench;

import dev.baton.agent.Agent;
import dev.baton.agent.AsyncAgent;
import dev.baton.agent.Attempt;
import dev.baton.agent.Outcome;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Agents whose attempts wait for an external signal: each attempt waits on a gate until the harness
 * opens it (or the attempt is cancelled), parked on its thread ({@link #agent}) or holding none
 * ({@link #asyncAgent}). Arrivals are counted so the harness can wait for "every run is waiting"
 * without polling.
 */
final class Gates {
  private final BlockingQueue<CompletableFuture<Boolean>> closed = new LinkedBlockingQueue<>();
  private final Semaphore arrivals = new Semaphore(0);

  final Agent agent =
      (handoff, attempt) ->
          arrive(attempt).join() ? Outcome.succeeded(null) : Outcome.failed("cancelled");

  /**
   * The same gates for an {@link AsyncAgent}: an attempt's gate completes its outcome, and no
   * thread waits for it.
   */
  final AsyncAgent asyncAgent =
      (handoff, attempt) ->
          arrive(attempt)
              .thenApply(open -> open ? Outcome.succeeded(null) : Outcome.failed("cancelled"));

  /** A new closed gate for the attempt: true when opened, false when the attempt is cancelled. */
  private CompletableFuture<Boolean> arrive(Attempt attempt) {
    CompletableFuture<Boolean> gate = new CompletableFuture<>();
    attempt.cancellation().onCancel(() -> gate.complete(false));
    closed.add(gate);
    arrivals.release();
    return gate;
  }

  /** Waits until {@code n} attempts have arrived since the last call. */
  void awaitArrivals(int n) throws InterruptedException {
    arrivals.acquire(n);
  }

  /** Opens every gate that arrives until {@code done} completes. */
  void openUntil(CompletableFuture<?> done) throws InterruptedException {
    while (!done.isDone()) {
      CompletableFuture<Boolean> g = closed.poll(20, TimeUnit.MILLISECONDS);
      if (g != null) g.complete(true);
    }
  }
}
