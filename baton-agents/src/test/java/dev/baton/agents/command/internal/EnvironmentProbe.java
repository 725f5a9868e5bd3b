package dev.baton.agents.command.internal;

import java.time.Duration;

/**
 * Run in a JVM of its own by {@link SessionSpawnTest}: prints how programs start ({@code native} or
 * {@code setsid}) and the bytes of {@code GREET} as a program it starts sees them, in hex.
 */
final class EnvironmentProbe {
  private EnvironmentProbe() {}

  public static void main(String[] args) throws Exception {
    StringBuilder hex = new StringBuilder();
    ProcessRun run =
        ProcessRun.start(
            new ProcessBuilder("sh", "-c", "printf %s \"$GREET\" | od -An -tx1"),
            new byte[0],
            line -> hex.append(line.strip()).append(' '),
            line -> System.out.println("stderr: " + line),
            Duration.ofSeconds(5));
    int code = run.await();
    System.out.println(
        (ProcessGroup.startsNatively() ? "native " : "setsid ") + hex.toString().strip());
    System.exit(code);
  }
}
