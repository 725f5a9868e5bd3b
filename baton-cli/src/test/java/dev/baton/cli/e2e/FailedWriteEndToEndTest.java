package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under {@code ./baton run} (a real 2 MiB tmpfs: the test runs as root, else it is
 * skipped and the store's own tests cover the writer): the run stops with one line saying what
 * happened and what to do, its journal has no hole, and {@code baton resume} finishes it once space
 * is back.
 */
class FailedWriteEndToEndTest {
  @TempDir Path dir;
  Path disk;

  @AfterEach
  void unmount() throws Exception {
    if (disk != null)
      new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(30, TimeUnit.SECONDS);
  }

  @Test
  void a_run_on_a_full_disk_stops_with_one_line_and_resumes_once_space_is_back() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    disk = Files.createDirectories(dir.resolve("disk"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString())
            .redirectErrorStream(true)
            .start();
    assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0, "tmpfs mounted");
    Path filler = disk.resolve("filler");
    Path once = dir.resolve("filled-once");
    Path agent = dir.resolve("chatty.sh");
    Files.writeString(
        agent,
        """
        #!/bin/sh
        if [ ! -e '%s' ]; then
          touch '%s'
          head -c 4000000 /dev/zero > '%s' 2>/dev/null
          i=0
          while [ $i -lt 20000 ]; do
            echo "@baton status {\\"progress\\": 50, \\"message\\": \\"line $i of a long story\\"}"
            i=$((i+1))
          done
        fi
        echo '@baton output {"ok": true}'
        """
            .formatted(once, once, filler));
    Cli cli = Cli.in(dir).env("BATON_DB", disk.resolve("baton.db").toString());
    Path wf =
        cli.workflow(
            "full",
            """
            name: full
            agents:
              talker: { command: [sh, %s] }
            phases:
              - name: talk
                mode: sequential
                steps:
                  - { id: s1, agent: talker, task: talk }
                  - { id: s2, agent: talker, task: talk again }
            """
                .formatted(agent));

    Cli.Result r = cli.baton("run", wf.toString(), "--id", "df");

    assertThat(r.exit()).as("%s", r).isEqualTo(4);
    assertThat(r.diagnostics())
        .as("%s", r)
        .contains(
            "baton: disk full writing the journal of run df; free space and run `baton resume df`")
        .noneMatch(l -> l.strip().startsWith("at ") || l.contains("Exception"))
        .hasSize(1);

    Files.delete(filler);
    Cli.Result resumed = cli.baton("resume", "df", "--json");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(resumed.json().path("state").asText()).isEqualTo("SUCCEEDED");
    List<JsonNode> events = cli.events("df");
    assertThat(events.stream().map(e -> e.path("seq").asLong()).toList())
        .as("no hole in the journal")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(cli.show("df").path("state").asText()).isEqualTo("SUCCEEDED");
  }
}
