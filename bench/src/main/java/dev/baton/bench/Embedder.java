package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * What an application embedding Baton sees soon after it starts, rather than after a long warm-up:
 * a fresh JVM-resident Baton on the default SQLite store, one in-process agent of ample capacity,
 * 100 warm-up workflows, then 32 clients for a fixed time; and the heap its objects hold after full
 * collections, still open, above what the harness held before it was built. The raw SQLite
 * group-commit floor is measured the same way in the same run.
 */
final class Embedder {
  /** One target's figures. */
  record Line(String shape, String target, int workflows, double wfPerSecond, double heapMb) {
    String markdown(double floorWfPerSecond) {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %,d | %s | %s | %.1f |",
          shape,
          target,
          workflows,
          Report.fmt(wfPerSecond),
          Double.isNaN(floorWfPerSecond)
              ? "–"
              : String.format(Locale.ROOT, "%.2f×", wfPerSecond / floorWfPerSecond),
          heapMb);
    }
  }

  private interface Target extends AutoCloseable {
    java.util.concurrent.CompletableFuture<?> run(int i);

    @Override
    void close();
  }

  private Embedder() {}

  static Line baton(Shape shape, Path dir, int warmup, Duration time) throws IOException {
    return measure(
        shape,
        "Baton",
        warmup,
        time,
        d -> {
          BatonTarget t = BatonTarget.inProcess(shape, d);
          return new Target() {
            @Override
            public java.util.concurrent.CompletableFuture<?> run(int i) {
              return t.run(i);
            }

            @Override
            public void close() {
              t.close();
            }
          };
        },
        dir);
  }

  static Line floor(Shape shape, Path dir, int warmup, Duration time) throws IOException {
    return measure(
        shape,
        "SQLite, group commit",
        warmup,
        time,
        d -> {
          SqliteFloor f = SqliteFloor.groupCommit(shape, d);
          return new Target() {
            @Override
            public java.util.concurrent.CompletableFuture<?> run(int i) {
              return f.run(i);
            }

            @Override
            public void close() {
              f.close();
            }
          };
        },
        dir);
  }

  private static Line measure(
      Shape shape, String name, int warmup, Duration time, Function<Path, Target> open, Path dir) {
    long before = Memory.usedAfterGc();
    try (Target t = open.apply(dir)) {
      Load.run(warmup, 32, t::run);
      Load.Measured m = Load.runFor(time, 32, t::run);
      long held = Memory.usedAfterGc() - before;
      return new Line(shape.name(), name, m.workflows(), m.perSecond(), held / 1e6);
    }
  }
}
