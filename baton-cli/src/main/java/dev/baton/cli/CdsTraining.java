package dev.baton.cli;

import dev.baton.store.JournalStore;
import dev.baton.store.SqliteLibrary;
import dev.baton.store.Stores;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What the {@code ./baton} launcher runs once after a build, under {@code
 * -XX:ArchiveClassesAtExit}, so that the class-data archive later commands map holds the classes of
 * the short commands ({@code --help}, {@code validate}, {@code runs}, {@code show}, {@code inbox},
 * {@code status}, {@code events}) and not only those of whichever command happened to run first.
 * The commands run on a store in a temporary folder, their output discarded; the folder is deleted
 * afterwards.
 */
final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    System.setOut(quiet);
    System.setErr(quiet);
    Printable.install();
    SqliteLibrary.useCache(Main.cacheDir().resolve("sqlite"));
    Path dir = Files.createTempDirectory("baton-cds");
    try {
      String db = dir.resolve("baton.db").toString();
      try (JournalStore store = Stores.sqlite(Path.of(db))) {
        store.stats(); // a store with its schema, as the commands find one
      } catch (RuntimeException e) {
        // the commands below then fail early, leaving the store's classes out of the archive
      }
      List<String[]> commands = new ArrayList<>();
      commands.add(new String[] {"--help"});
      commands.add(new String[] {"runs", "--help"});
      commands.add(new String[] {"runs", "--db", db});
      commands.add(new String[] {"show", "no-such-run", "--db", db});
      commands.add(new String[] {"events", "no-such-run", "--db", db});
      commands.add(new String[] {"inbox", "--db", db});
      commands.add(new String[] {"status", "--db", db});
      String home = System.getProperty("baton.home");
      if (home != null && Files.isRegularFile(Path.of(home, "examples", "feature.yaml"))) {
        commands.add(
            new String[] {
              "validate",
              Path.of(home, "examples", "feature.yaml").toString(),
              Path.of(home, "examples", "agents.yaml").toString()
            });
      }
      for (String[] command : commands) {
        try {
          CommandLine cl = Main.commandLine(command);
          cl.setOut(new PrintWriter(Writer.nullWriter()));
          cl.setErr(new PrintWriter(Writer.nullWriter()));
          cl.execute(command);
        } catch (RuntimeException | LinkageError e) {
          // a command that fails here only leaves its classes out of the archive
        }
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      } catch (IOException e) {
        // a scratch folder left in the temporary folder
      }
    }
    System.exit(0); // the archive is written as the JVM exits, whatever threads a command left
  }
}
