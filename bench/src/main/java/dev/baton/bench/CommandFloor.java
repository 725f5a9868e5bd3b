package dev.baton.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floor of the command scenario: the same shape as plain {@link CompletableFuture}s whose every
 * step starts the process a command agent's step starts ({@link ProcessBuilder} with the same
 * argv), reads its standard output to the end and waits for it to exit, on a virtual thread (as
 * Baton runs agents). No journal, no environment, no process group: what the processes alone cost.
 */
final class CommandFloor implements AutoCloseable {
  static final String TARGET = "processes, no durability";

  private final Shape shape;
  private final List<String> argv;
  final Probe probe;
  private final ExecutorService agents =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("floor-process-", 0).factory());

  CommandFloor(Shape shape, List<String> argv) {
    this.shape = shape;
    this.argv = List.copyOf(argv);
    this.probe = new Probe(shape);
  }

  CompletableFuture<?> run(int i) {
    String run = "p" + i;
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
    try {
      Process p = new ProcessBuilder(argv).start();
      p.getOutputStream().close();
      try (InputStream out = p.getInputStream()) {
        out.transferTo(java.io.OutputStream.nullOutputStream());
      }
      int exit = p.waitFor();
      p.getErrorStream().close();
      if (exit != 0) throw new IllegalStateException(argv + " exited with " + exit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    probe.ended(run, step);
  }

  Row measure(String scenario, int concurrency, int warmup, int total) {
    probe.recording = false;
    Load.run(warmup, concurrency, this::run);
    probe.recording = true;
    return Row.of(
        scenario,
        TARGET,
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
