package dev.baton.agents.command.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessGroupTest {
  private static final Path PID_MAX = Path.of("/proc/sys/kernel/pid_max");

  @Test
  void the_numbers_of_proc_sys_are_read_whole() throws Exception {
    assumeTrue(Files.exists(PID_MAX), "a Linux /proc");
    Process cat = new ProcessBuilder("cat", PID_MAX.toString()).start();
    String byCat = new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(cat.waitFor()).isZero();

    assertThat(ProcessGroup.readLong(PID_MAX)).isEqualTo(Long.parseLong(byCat.strip()));
  }
}
