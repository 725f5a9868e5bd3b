package dev.baton.journal;

import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Writes the journals a test's runs left in its {@code store} field to the folder named by {@code
 * -Dbaton.recordJournals=DIR}, in the golden journals' format (see {@link GoldenJournalsTest}): how
 * the golden journals were recorded from real runs of the engine. Does nothing without the
 * property.
 */
public final class RecordJournals implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    String dir = System.getProperty("baton.recordJournals");
    if (dir == null) return;
    Object test = context.getRequiredTestInstance();
    Field field = test.getClass().getDeclaredField("store");
    field.setAccessible(true);
    JournalStore store = (JournalStore) field.get(test);
    List<String> streams = new ArrayList<>(store.runs().stream().map(RunSummary::run).toList());
    streams.add(dev.baton.metrics.Alerts.STREAM);
    for (String run : streams) {
      List<JournalEntry> entries = store.read(run, 0);
      if (entries.isEmpty()) continue;
      Path file =
          Path.of(dir)
              .resolve(
                  test.getClass().getSimpleName()
                      + "."
                      + context.getRequiredTestMethod().getName()
                      + "."
                      + run.replaceAll("[^A-Za-z0-9._-]", "_")
                      + ".jsonl");
      Files.createDirectories(file.getParent());
      write(file, run, entries);
    }
  }

  static void write(Path file, String run, List<JournalEntry> entries) throws IOException {
    StringBuilder b = new StringBuilder();
    for (JournalEntry e : entries) b.append(GoldenJournalsTest.line(run, e)).append('\n');
    Files.writeString(file, b.toString());
  }
}
