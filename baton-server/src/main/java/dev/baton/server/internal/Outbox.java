package dev.baton.server.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The writes to one streaming client, made in the order they were posted by at most one virtual
 * thread at a time, so that whoever posts never waits for the network: a run's thread that
 * committed a batch, the hub's timer. A client that does not read blocks only its own writer.
 *
 * <p>A client that falls more than {@code backlog} writes behind is closed and its writes dropped:
 * it reconnects and catches up from the store ({@code Last-Event-ID}). A write that throws closes
 * the client too; the writes after it are dropped.
 */
final class Outbox {
  private final BooleanSupplier terminated;
  private final Runnable close;
  private final int backlog;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean writing = new AtomicBoolean();

  Outbox(BooleanSupplier terminated, Runnable close, int backlog) {
    this.terminated = terminated;
    this.close = close;
    this.backlog = backlog;
  }

  /** Queues {@code write}; starts the client's writer when none runs. Never blocks. */
  void post(Runnable write) {
    if (terminated.getAsBoolean()) return;
    if (pending.incrementAndGet() > backlog) {
      pending.decrementAndGet();
      close();
      return;
    }
    queue.add(write);
    if (!writing.compareAndSet(false, true)) return;
    try {
      Thread.ofVirtual().name("baton-sse-writer").start(this::drain);
    } catch (RuntimeException | Error e) {
      writing.set(false);
      close(); // no writer: the client would wait for ever
    }
  }

  /** Nothing queued or being written. */
  boolean idle() {
    return pending.get() == 0;
  }

  private void drain() {
    while (true) {
      for (Runnable w; (w = queue.poll()) != null; ) {
        try {
          if (!terminated.getAsBoolean()) w.run();
        } catch (Throwable e) {
          // closed whatever went wrong: a writer that died with the flag up would stall the client
          close();
        } finally {
          pending.decrementAndGet();
        }
      }
      writing.set(false);
      // a write posted after the queue looked empty, before the flag was down, is ours to make
      if (queue.isEmpty() || !writing.compareAndSet(false, true)) return;
    }
  }

  private void close() {
    queue.clear();
    try {
      close.run();
    } catch (RuntimeException ignored) {
      // closing anyway: the client is gone
    }
  }
}
