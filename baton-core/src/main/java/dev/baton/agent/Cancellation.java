package dev.baton.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot cancellation signal with callbacks; thread-safe. Every attempt has one for as long as
 * it runs, so an attempt that is never waited on or called back costs only this object.
 */
public final class Cancellation {
  private volatile String reason;
  private volatile boolean cancelled;

  /** Guarded by {@code this}: null, one {@code Runnable}, or a list of them. */
  private Object callbacks;

  /** Guarded by {@code this}: made by the first {@link #await}. */
  private CountDownLatch latch;

  public void cancel(String why) {
    Object toRun;
    synchronized (this) {
      if (cancelled) return;
      reason = why;
      cancelled = true;
      if (latch != null) latch.countDown();
      toRun = callbacks;
      callbacks = null;
    }
    if (toRun instanceof Runnable r) r.run();
    else if (toRun instanceof List<?> rs) for (Object r : rs) ((Runnable) r).run();
  }

  public boolean isCancelled() {
    return cancelled;
  }

  public String reason() {
    return reason;
  }

  /**
   * A callback registered with {@link #onCancel}; closing it drops the callback (and what it holds)
   * when it has not run.
   */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Runs {@code r} on cancellation (at once if already cancelled). An agent that registers a
   * callback per call it makes (a request, a poll) closes each registration when the call is done:
   * an attempt keeps its callbacks until it ends, and a long attempt polling every few seconds
   * would otherwise hold every response it ever had.
   */
  public Registration onCancel(Runnable r) {
    synchronized (this) {
      if (!cancelled) {
        if (callbacks == null) callbacks = r;
        else if (callbacks instanceof Runnable first) {
          List<Runnable> rs = new ArrayList<>(2);
          rs.add(first);
          rs.add(r);
          callbacks = rs;
        } else {
          @SuppressWarnings("unchecked")
          List<Runnable> rs = (List<Runnable>) callbacks;
          rs.add(r);
        }
        return () -> remove(r);
      }
    }
    r.run();
    return () -> {};
  }

  // the registration's own callback, by identity: two equal callbacks are still two registrations
  @SuppressWarnings("ReferenceEquality")
  private synchronized void remove(Runnable r) {
    if (callbacks == r) {
      callbacks = null;
    } else if (callbacks instanceof List<?> rs) {
      for (int i = rs.size() - 1; i >= 0; i--) {
        if (rs.get(i) == r) {
          rs.remove(i);
          break;
        }
      }
    }
  }

  /** Waits up to {@code millis}; true when cancelled. */
  public boolean await(long millis) throws InterruptedException {
    CountDownLatch l;
    synchronized (this) {
      if (cancelled) return true;
      if (latch == null) latch = new CountDownLatch(1);
      l = latch;
    }
    return l.await(millis, TimeUnit.MILLISECONDS);
  }
}
