package dev.baton.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.metrics.Alerts;
import dev.baton.run.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Journals of real runs, kept under {@code src/test/resources/golden} (one run's journal per file,
 * one entry per line: {@code seq}, {@code run}, {@code time} and the {@code event} exactly as the
 * stores keep it). Users upgrading Baton keep their history, so every one of them must still
 * decode, encode to the very same text, and fold without breaking a lifecycle table. Together they
 * hold every event type.
 *
 * <p>Recorded with {@code -Dbaton.recordJournals=DIR} from the engine's own suites ({@link
 * RecordJournals}); a new event type needs a run that journals it, recorded and added here.
 */
class GoldenJournalsTest {

  @TestFactory
  Stream<DynamicTest> every_golden_journal_decodes_encodes_the_same_and_folds() {
    return golden()
        .map(file ->
            DynamicTest.dynamicTest(
                file.getFileName().toString(),
                () -> {
                  List<String> lines = Files.readAllLines(file);
                  assertThat(lines).isNotEmpty();
                  List<JournalEntry> entries = new ArrayList<>();
                  for (String line : lines) {
                    JournalEntry e = entry(line);
                    assertThat(line(e.run(), e)).as("the line re-encoded").isEqualTo(line);
                    entries.add(e);
                  }
                  String run = entries.get(0).run();
                  if (run.equals(Alerts.STREAM)) {
                    assertThat(Alerts.fold(entries)).isNotEmpty();
                  } else {
                    RunState s = RunState.replay(run, entries);
                    assertThat(s.lastSeq()).isEqualTo(entries.size());
                  }
                }));
  }

  @Test
  void the_golden_journals_hold_every_event_type() {
    Set<String> seen = new TreeSet<>();
    golden()
        .forEach(file -> {
          try {
            for (String line : Files.readAllLines(file)) seen.add(entry(line).event().type());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    Set<String> all = new TreeSet<>();
    Arrays.stream(Event.class.getPermittedSubclasses()).forEach(c -> all.add(c.getSimpleName()));
    assertThat(seen).containsExactlyElementsOf(all);
  }

  /** A golden line: {@code {"seq":N,"run":"…","time":"…","event":{…}}}. */
  static String line(String run, JournalEntry e) {
    ObjectNode n = EventCodec.mapper().createObjectNode();
    n.put("seq", e.seq());
    n.put("run", run);
    n.put("time", e.time().toString());
    n.set("event", read(EventCodec.encode(e.event())));
    return n.toString();
  }

  static JournalEntry entry(String line) {
    JsonNode n = read(line);
    return new JournalEntry(
        n.get("run").asText(),
        n.get("seq").asLong(),
        Instant.parse(n.get("time").asText()),
        EventCodec.decode(n.get("event").toString()));
  }

  private static JsonNode read(String json) {
    try {
      return EventCodec.mapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Path> golden() {
    try {
      Path dir = Path.of(GoldenJournalsTest.class.getResource("/golden").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList().stream();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
