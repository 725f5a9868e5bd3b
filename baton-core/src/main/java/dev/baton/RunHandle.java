package dev.baton;

import dev.baton.run.RunState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A run executing in this process. */
public record RunHandle(String id, CompletableFuture<RunState> completion) {
  /**
   * Waits for the run to end (or to be handed back, e.g. when it waits for a person and the caller
   * stops).
   */
  public RunState await() {
    try {
      return completion.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof BatonException b) throw b;
      throw new BatonException(String.valueOf(e.getCause().getMessage()), e.getCause());
    }
  }
}
