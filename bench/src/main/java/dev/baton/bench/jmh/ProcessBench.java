package dev.baton.bench.jmh;

import dev.baton.agents.command.internal.ProcessRun;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * What an agent's process costs beyond the operating system's: {@code true} started and awaited as
 * a command agent's program is ({@link ProcessRun}: a session of its own, output readers, and the
 * sweep for processes it left behind when it exits), against a bare {@link ProcessBuilder}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProcessBench {
  @Benchmark
  public int agent_process() throws Exception {
    ProcessRun run =
        ProcessRun.start(
            new ProcessBuilder("true"), new byte[0], l -> {}, l -> {}, Duration.ofSeconds(5));
    return run.await();
  }

  @Benchmark
  public int bare_process() throws Exception {
    return new ProcessBuilder("true").start().waitFor();
  }
}
