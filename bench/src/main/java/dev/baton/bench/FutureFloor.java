package dev.baton.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The in-memory floor: the same shape as plain {@link CompletableFuture}s, each step a no-op task
 * on a virtual thread (as Baton runs its agents). Nothing is durable; this is what coordination
 * costs when it costs nothing but scheduling.
 */
final class FutureFloor implements AutoCloseable {
  private final Shape shape;
  private final Probe probe;
  private final ExecutorService agents =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("floor-agent-", 0).factory());

  FutureFloor(Shape shape) {
    this.shape = shape;
    this.probe = new Probe(shape);
  }

  CompletableFuture<?> run(int i) {
    String run = "f" + i;
    CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
    for (Shape.Group g : shape.groups()) {
      if (g.parallel()) {
        f =
            f.thenCompose(v -> {
              CompletableFuture<?>[] all = new CompletableFuture<?>[g.steps()];
              for (int s = 0; s < g.steps(); s++) {
                String step = g.step(s);
                all[s] = CompletableFuture.runAsync(() -> step(run, step), agents);
              }
              return CompletableFuture.allOf(all);
            });
      } else {
        for (int s = 0; s < g.steps(); s++) {
          String step = g.step(s);
          f = f.thenCompose(v -> CompletableFuture.runAsync(() -> step(run, step), agents));
        }
      }
    }
    return f.thenRun(() -> probe.forget(run));
  }

  private void step(String run, String step) {
    probe.started(run, step);
    probe.ended(run, step);
  }

  Row measure(String scenario, int concurrency, int warmup, int total) {
    probe.recording = false;
    Load.run(warmup, concurrency, this::run);
    probe.recording = true;
    return Row.of(
        scenario,
        "futures (memory)",
        concurrency,
        shape,
        Load.run(total, concurrency, this::run),
        probe.handoffs,
        Row.Journal.NONE);
  }

  @Override
  public void close() {
    agents.close();
  }
}
