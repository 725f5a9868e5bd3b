package dev.baton.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * The floors of the command scenario: the same shape as plain {@link CompletableFuture}s whose
 * every step starts the process a command agent's step starts ({@link ProcessBuilder} with the same
 * argv), reads its standard output to the end and waits for it to exit, on a virtual thread (as
 * Baton runs agents). No journal, no environment, no process group: what the processes alone cost.
 * The second floor starts each through {@code setsid}, as Baton does to give every agent a session
 * of its own: what the processes a command agent's step needs cost.
 */
final class CommandFloor implements AutoCloseable {
  static final String TARGET = "processes, no durability";
  static final String SESSIONS = "processes in sessions, no durability";

  private final Shape shape;
  private final List<String> argv;
  private final String target;
  final Probe probe;
  private final ExecutorService agents =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("floor-process-", 0).factory());

  private CommandFloor(Shape shape, List<String> argv, String target) {
    this.shape = shape;
    this.argv = List.copyOf(argv);
    this.target = target;
    this.probe = new Probe(shape);
  }

  /** The plain processes. */
  static CommandFloor of(Shape shape, List<String> argv) {
    return new CommandFloor(shape, argv, TARGET);
  }

  /** The processes, each started through {@code setsid}; empty where there is none. */
  static Optional<CommandFloor> inSessions(Shape shape, List<String> argv) {
    return Stream.of("/usr/bin/setsid", "/bin/setsid")
        .filter(p -> Files.isExecutable(Path.of(p)))
        .findFirst()
        .map(setsid -> {
          List<String> wrapped = new ArrayList<>(List.of(setsid));
          wrapped.addAll(argv);
          return new CommandFloor(shape, wrapped, SESSIONS);
        });
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
