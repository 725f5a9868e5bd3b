package dev.baton.agent;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * An agent whose attempts wait without holding a thread: {@code start} begins the work and returns
 * at once; the attempt ends when the returned stage completes. Agents that wait for something
 * outside the process (a webhook, a queue, a person, a remote service's callback) should implement
 * this instead of {@link Agent}: ten thousand waiting attempts then hold no parked thread.
 *
 * <pre>{@code
 * AsyncAgent waiter = (handoff, attempt) -> {
 *   CompletableFuture<Outcome> done = new CompletableFuture<>();
 *   attempt.cancellation().onCancel(() -> done.complete(Outcome.failed("cancelled")));
 *   callbacks.register(attempt.idempotencyKey(), output -> done.complete(Outcome.succeeded(output)));
 *   return done;
 * };
 * }</pre>
 *
 * <p>{@code start} runs on a virtual thread and may block briefly (to send a request, say). A throw
 * from {@code start}, or a stage that completes exceptionally, is a failure of the attempt; a stage
 * completed with {@code null} is a success without output. The stage should complete promptly once
 * {@link Attempt#cancellation()} fires. Where an {@link Agent} is called for (a support answer, a
 * merge task), {@link #perform} waits for the stage.
 */
@FunctionalInterface
public interface AsyncAgent extends Agent {
  CompletionStage<Outcome> start(Handoff handoff, Attempt attempt) throws Exception;

  // an asynchronous agent is an Agent on purpose: it plugs in wherever one does, and callers that
  // must have the outcome on their thread (support answers, merge tasks) get it through perform
  @Override
  @SuppressWarnings("FunctionalInterfaceMethodChanged")
  default Outcome perform(Handoff handoff, Attempt attempt) throws Exception {
    try {
      return start(handoff, attempt).toCompletableFuture().get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }
}
