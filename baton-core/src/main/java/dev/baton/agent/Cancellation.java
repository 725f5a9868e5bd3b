package dev.baton.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A one-shot cancellation signal with callbacks; thread-safe. */
public final class Cancellation {
  private final CountDownLatch latch = new CountDownLatch(1);
  private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
  private volatile String reason;

  public void cancel(String why) {
    if (latch.getCount() == 0) return;
    synchronized (this) {
      if (latch.getCount() == 0) return;
      reason = why;
      latch.countDown();
    }
    callbacks.forEach(Runnable::run);
  }

  public boolean isCancelled() {
    return latch.getCount() == 0;
  }

  public String reason() {
    return reason;
  }

  /** Runs {@code r} on cancellation (at once if already cancelled). */
  public void onCancel(Runnable r) {
    callbacks.add(r);
    if (isCancelled()) r.run();
  }

  /** Waits up to {@code millis}; true when cancelled. */
  public boolean await(long millis) throws InterruptedException {
    return latch.await(millis, TimeUnit.MILLISECONDS);
  }
}
