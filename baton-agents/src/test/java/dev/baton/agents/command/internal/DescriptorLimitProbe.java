package dev.baton.agents.command.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM of its own with few file descriptors by {@link SessionSpawnTest}: starts programs
 * until a start fails for want of descriptors, stops them all, then prints how starts failed, how
 * many children of this JVM are left (zombies included) and whether its descriptors are back to
 * what they were.
 */
final class DescriptorLimitProbe {
  private DescriptorLimitProbe() {}

  public static void main(String[] args) throws Exception {
    // one whole run first: every class a start needs is loaded while descriptors are plenty
    ProcessRun.start(
            new ProcessBuilder("true"), new byte[0], l -> {}, l -> {}, Duration.ofSeconds(5))
        .await();
    long before = descriptors();
    List<ProcessRun> runs = new ArrayList<>();
    String failure = "none";
    for (int i = 0; i < 1000; i++) {
      try {
        runs.add(
            ProcessRun.start(
                new ProcessBuilder("sleep", "60"),
                new byte[0],
                l -> {},
                l -> {},
                Duration.ofSeconds(5)));
      } catch (IOException e) {
        failure = e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage());
        break;
      }
    }
    for (ProcessRun run : runs) run.stop("probe");
    for (ProcessRun run : runs) run.await();
    long children = children();
    System.out.println("started " + runs.size());
    System.out.println("failure " + failure);
    System.out.println("children " + children);
    System.out.println("descriptors back " + (descriptors() <= before));
  }

  private static long descriptors() throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static long children() throws IOException {
    long self = ProcessHandle.current().pid();
    try (var dirs = Files.list(Path.of("/proc"))) {
      return dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
          .map(d -> ProcessGroup.stat(Long.parseLong(d.getFileName().toString())))
          .filter(s -> s.isPresent() && s.get().parent() == self)
          .count();
    }
  }
}
