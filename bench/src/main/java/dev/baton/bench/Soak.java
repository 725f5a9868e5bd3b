package dev.baton.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * W4, the soak: {@code runs} W1 runs at a closed-loop concurrency through one Baton on one SQLite
 * store, neither closed in between; heap in use after full collections is sampled after the warm-up
 * and after every tenth of the runs. What a long-running process keeps per finished run shows as
 * growth from sample to sample.
 */
final class Soak {
  /** Heap after GC (bytes) after {@code done[i]} runs; throughput over the whole soak. */
  record Result(List<Integer> done, List<Long> samples, double wfPerSecond) {
    String label(int i) {
      return String.format(Locale.ROOT, "%,d", done.get(i));
    }

    /** Growth from the first tenth to the end, in MB (10^6 bytes). */
    double growthMb() {
      return (samples.getLast() - samples.get(1)) / 1e6;
    }

    String describe() {
      String series =
          java.util.stream.IntStream.range(0, samples.size())
              .mapToObj(i -> String.format(Locale.ROOT, "%s: %.1f", label(i), samples.get(i) / 1e6))
              .collect(Collectors.joining(", "));
      return String.format(
          Locale.ROOT,
          "W4 soak: %s W1 runs at c=32 through one open Baton and store (%,.0f wf/s); heap after"
              + " full GC in MB after N runs — %s; growth %s → %s: %+.1f MB",
          label(done.size() - 1),
          wfPerSecond,
          series,
          label(1),
          label(done.size() - 1),
          growthMb());
    }
  }

  private Soak() {}

  static Result run(int runs, int concurrency, Path dir) {
    int tenth = Math.max(1, runs / 10);
    List<Integer> done = new ArrayList<>();
    List<Long> samples = new ArrayList<>();
    long nanos = 0;
    try (BatonTarget t = BatonTarget.inProcess(Shape.W1, dir)) {
      t.probe.recording = false;
      Load.run(Math.min(tenth, 1000), concurrency, t::run); // warm-up: classes, JIT, caches
      done.add(0);
      samples.add(Memory.usedAfterGc());
      for (int n = tenth; n <= runs; n += tenth) {
        nanos += Load.run(tenth, concurrency, t::run).nanos();
        done.add(n);
        samples.add(Memory.usedAfterGc());
      }
    }
    return new Result(done, samples, done.getLast() / (nanos / 1e9));
  }
}
