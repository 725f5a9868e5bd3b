package dev.baton.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Runs messages one at a time, in order, on a shared executor: a run's state is touched by one
 * thread at a time without a thread per run (an idle run is just this object).
 */
final class Mailbox {
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final Consumer<Throwable> onError;
  private final String runId;

  /** The mailbox whose messages this thread runs, while it does. */
  private static final ThreadLocal<Mailbox> DRAINING = new ThreadLocal<>();

  /** Messages run with {@code runId} in the MDC ({@link LogContext#RUN}). */
  Mailbox(Executor executor, Consumer<Throwable> onError, String runId) {
    this.executor = executor;
    this.onError = onError;
    this.runId = runId;
  }

  /** True on the thread running this mailbox's messages. */
  boolean onItsThread() {
    return DRAINING.get() == this;
  }

  void send(Runnable message) {
    queue.add(message);
    if (scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException closed) {
        scheduled.set(false);
      }
    }
  }

  private void drain() {
    DRAINING.set(this);
    MDC.put(LogContext.RUN, runId);
    try {
      do {
        Runnable m;
        while ((m = queue.poll()) != null) {
          try {
            m.run();
          } catch (Throwable t) {
            onError.accept(t);
          }
        }
        scheduled.set(false);
      } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
    } finally {
      DRAINING.remove();
      MDC.remove(LogContext.RUN);
    }
  }
}
