package dev.baton.internal.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Runs messages one at a time, in order, on a shared executor: a run's state is touched by one
 * thread at a time without a thread per run (an idle run is just this object). Once the queue is
 * empty, before the mailbox lets go of its thread, it runs its idle work: what the messages just
 * run have left for it (a run appends what they decided in one batch).
 */
final class Mailbox {
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor executor;
  private final Consumer<Throwable> onError;
  private final Runnable onIdle;
  private final String runId;

  /** The mailbox whose messages this thread runs, while it does. */
  private static final ThreadLocal<Mailbox> DRAINING = new ThreadLocal<>();

  /**
   * Messages run with {@code runId} in the MDC ({@link LogContext#RUN}); {@code onIdle} runs each
   * time the queue has been emptied (it may send more messages: they are run next).
   */
  Mailbox(Executor executor, Consumer<Throwable> onError, Runnable onIdle, String runId) {
    this.executor = executor;
    this.onError = onError;
    this.onIdle = onIdle;
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
        while ((m = queue.poll()) != null) run(m);
        run(onIdle); // what it sends is run by the next turn of this loop
        scheduled.set(false);
      } while (!queue.isEmpty() && scheduled.compareAndSet(false, true));
    } finally {
      DRAINING.remove();
      MDC.remove(LogContext.RUN);
    }
  }

  private void run(Runnable m) {
    try {
      m.run();
    } catch (Throwable t) {
      onError.accept(t);
    }
  }
}
