package dev.baton.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A closed loop: {@code concurrency} clients, each starting a workflow as soon as its previous one
 * ended, until {@code total} have run. A warm-up round of the same loop runs first, unrecorded.
 */
final class Load {
  /** What one measured loop yields; commits and events are zero for targets without a journal. */
  record Measured(int workflows, long nanos, Samples latencies) {
    double perSecond() {
      return workflows / (nanos / 1e9);
    }
  }

  private Load() {}

  /**
   * As {@link #run}, for a fixed time instead of a fixed count: clients stop starting at the end.
   */
  static Measured runFor(
      java.time.Duration time, int concurrency, IntFunction<CompletableFuture<?>> workflow) {
    Samples latencies = new Samples();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    long end = start + time.toNanos();
    try (ExecutorService clients =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-client-", 0).factory())) {
      for (int c = 0; c < concurrency; c++) {
        clients.execute(() -> {
          while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            workflow.apply(next.getAndIncrement()).join();
            latencies.add(System.nanoTime() - t0);
          }
        });
      }
    }
    return new Measured(next.get(), System.nanoTime() - start, latencies);
  }

  static Measured run(int total, int concurrency, IntFunction<CompletableFuture<?>> workflow) {
    Samples latencies = new Samples();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try (ExecutorService clients =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-client-", 0).factory())) {
      for (int c = 0; c < concurrency; c++) {
        clients.execute(() -> {
          for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
            long t0 = System.nanoTime();
            workflow.apply(i).join();
            latencies.add(System.nanoTime() - t0);
          }
        });
      }
    }
    return new Measured(total, System.nanoTime() - start, latencies);
  }
}
