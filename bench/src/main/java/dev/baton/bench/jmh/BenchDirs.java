package dev.baton.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The folders of the benchmarks' stores: under {@code -Dbaton.bench.dir} (default: the temporary
 * folder), so that a benchmark can be pointed at the disk (or the tmpfs) it should measure, and
 * removed at the benchmark's end.
 */
final class BenchDirs {
  private BenchDirs() {}

  /** A new empty folder named {@code prefix…} under the benchmarks' folder. */
  static Path create(String prefix) throws IOException {
    Path base =
        Path.of(System.getProperty("baton.bench.dir", System.getProperty("java.io.tmpdir")));
    Files.createDirectories(base);
    return Files.createTempDirectory(base, prefix);
  }

  /** Removes {@code dir} and everything in it. */
  static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
