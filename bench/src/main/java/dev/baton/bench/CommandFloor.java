package dev.baton.bench;

import dev.baton.agents.command.internal.ProcessRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The floors of the command scenario: the same shape as plain {@link CompletableFuture}s whose
 * every step starts the process a command agent's step starts ({@link ProcessBuilder} with the same
 * argv), reads its standard output to the end and waits for it to exit, on a virtual thread (as
 * Baton runs agents). No journal, no environment, no process group: what the processes alone cost.
 * The second floor starts each as a command agent starts its program ({@link ProcessRun}: in a
 * session of its own, through {@code posix_spawn} on Java 22 and later, else through {@code
 * setsid}; its output read line by line; what it left running swept), without the rest of an
 * attempt (journal, claim, handoff file, inbox folder, report socket): the engine's own cost around
 * a command agent is Baton's distance to this one.
 */
final class CommandFloor implements AutoCloseable {
  static final String TARGET = "processes, no durability";
  static final String SPAWNED = "processes started as a command agent starts them, no durability";

  private final Shape shape;
  private final List<String> argv;
  private final String target;
  private final boolean spawner;
  final Probe probe;
  private static final Duration GRACE = Duration.ofSeconds(5);
  private final ExecutorService agents =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("floor-process-", 0).factory());

  private CommandFloor(Shape shape, List<String> argv, String target) {
    this.shape = shape;
    this.argv = List.copyOf(argv);
    this.target = target;
    this.spawner = target.equals(SPAWNED);
    this.probe = new Probe(shape);
  }

  /** The plain processes. */
  static CommandFloor of(Shape shape, List<String> argv) {
    return new CommandFloor(shape, argv, TARGET);
  }

  /** The processes, each started as a command agent starts its program. */
  static CommandFloor spawned(Shape shape, List<String> argv) {
    return new CommandFloor(shape, argv, SPAWNED);
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
      if (spawner) {
        ProcessRun p =
            ProcessRun.start(new ProcessBuilder(argv), new byte[0], line -> {}, line -> {}, GRACE);
        int exit = p.await();
        if (exit != 0) throw new IllegalStateException(argv + " exited with " + exit);
        probe.ended(run, step);
        return;
      }
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
        target,
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
