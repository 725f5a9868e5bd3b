package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.JournalEntry;
import dev.baton.test.ManualClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real process in the middle of group commits loses nothing it reported
 * committed.
 */
class SqliteCrashTest {
  private static final int THREADS = 6;
  private static final int KILLS = 3;
  private static final int COMMITS_BEFORE_KILL = 150;

  @TempDir Path dir;

  @Test
  void every_append_reported_committed_survives_a_kill_9_and_journals_have_no_gaps()
      throws Exception {
    Path file = dir.resolve("baton.db");
    Map<String, Long> reported = new HashMap<>();

    for (int kill = 0; kill < KILLS; kill++) {
      Process child =
          ChildJvm.start(CrashingAppender.class, file.toString(), Integer.toString(THREADS));
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (int seen = 0; seen < COMMITS_BEFORE_KILL; seen++) record(reported, out.readLine());
        // SIGKILL mid-stream: no shutdown hook, no close. Lines still in the pipe are lost with it;
        // they were committed too, and are simply not checked.
        child.destroyForcibly();
        child.waitFor();
      }
    }

    try (JournalStore store = Stores.sqlite(file, ManualClock.start())) {
      assertThat(reported).hasSize(THREADS);
      for (Map.Entry<String, Long> run : reported.entrySet()) {
        List<Long> seqs = store.read(run.getKey(), 0).stream().map(JournalEntry::seq).toList();
        assertThat(seqs)
            .as("journal of %s", run.getKey())
            .startsWith(LongStream.rangeClosed(1, run.getValue()).boxed().toArray(Long[]::new))
            .containsExactlyElementsOf(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
      }
    }
  }

  private static void record(Map<String, Long> reported, String line) {
    if (line == null) throw new AssertionError("the appender ended before it was killed");
    String[] parts = line.split(" ");
    reported.merge(parts[0], Long.parseLong(parts[1]), Math::max);
  }
}
