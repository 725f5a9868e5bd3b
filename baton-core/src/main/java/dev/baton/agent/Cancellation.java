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

  /** Runs {@code r} on cancellation (at once if already cancelled). */
  public void onCancel(Runnable r) {
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
        return;
      }
    }
    r.run();
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
