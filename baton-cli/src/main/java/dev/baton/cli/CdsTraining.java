package dev.baton.cli;

import dev.baton.Baton;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.store.JournalStore;
import dev.baton.store.SqliteLibrary;
import dev.baton.store.Stores;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.OnFailure;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Workflow;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What the {@code ./baton} launcher runs once after a build, under {@code -XX:ArchiveClassesAtExit}
 * or {@code -XX:AOTCacheOutput}, so that the class-data archive later commands map holds the
 * classes of the short commands ({@code --help}, {@code validate}, {@code runs}, {@code show},
 * {@code inbox}, {@code status}, {@code events}) and not only those of whichever command happened
 * to run first. With one argument, a command's name, only that command runs: the archive of that
 * command alone. The commands run on a store in a temporary folder, their output discarded; the
 * folder is deleted afterwards. The store holds two runs, made by the engine with an in-process
 * agent: one that succeeded and one waiting for a person, so that reading, decoding and printing
 * real journals is in the archive too. A second JVM makes them ({@code --prepare DIR}): the
 * engine's classes are left out of the archive, whose every class a JDK 25 cache loads at the start
 * of every command.
 */
final class CdsTraining {
  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    System.setOut(quiet);
    System.setErr(quiet);
    Printable.install();
    SqliteLibrary.useCache(Main.cacheDir().resolve("sqlite"));
    if (args.length == 2 && args[0].equals("--prepare")) {
      prepare(Path.of(args[1]));
      System.exit(0);
    }
    Path dir = Files.createTempDirectory("baton-cds");
    try {
      String db = dir.resolve("baton.db").toString();
      String run = prepared(dir) ? WAITING : "no-such-run";
      if (!Files.exists(Path.of(db))) {
        try (JournalStore store = Stores.sqlite(Path.of(db))) {
          store.stats(); // a store with its schema, as the commands find one
        } catch (RuntimeException e) {
          // the commands below then fail early, leaving the store's classes out of the archive
        }
      }
      List<String[]> commands = new ArrayList<>();
      commands.add(new String[] {"--help"});
      commands.add(new String[] {"runs", "--help"});
      commands.add(new String[] {"runs", "--db", db});
      commands.add(new String[] {"show", run, "--db", db});
      commands.add(new String[] {"events", run, "--db", db});
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
      if (args.length == 1) {
        // the archive of one command (./baton keeps one for each of the commands people and
        // scripts run most): only that command, without its help
        String only = args[0];
        commands =
            commands.stream()
                .filter(c -> c[0].equals(only) && !List.of(c).contains("--help"))
                .toList();
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

  private static final String WAITING = "waiting";

  /** Whether {@code --prepare dir}, in a JVM of its own, put the two runs into the store. */
  private static boolean prepared(Path dir) {
    try {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p =
          new ProcessBuilder(
                  java,
                  "--enable-native-access=ALL-UNNAMED",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CdsTraining.class.getName(),
                  "--prepare",
                  dir.toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** A run that succeeds and one whose failed step asks a person, in {@code dir/baton.db}. */
  private static void prepare(Path dir) throws IOException {
    try (JournalStore store = Stores.sqlite(dir.resolve("baton.db"))) {
      runs(store, dir.resolve("state"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void runs(JournalStore store, Path state) throws InterruptedException {
    Workflow workflow =
        Workflow.builder("training")
            .agent(AgentSpec.inProcess("worker"))
            .phase(
                Phase.sequential("build")
                    .step("plan", "worker", "Plan")
                    .step("code", "worker", "Code"))
            .phase(
                Phase.parallel("check")
                    .onFailure(OnFailure.ESCALATE)
                    .step("review", "worker", "Review"))
            .build();
    CountDownLatch asked = new CountDownLatch(1);
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(state)
            .agent(
                "worker",
                (handoff, attempt) ->
                    attempt.run().equals(WAITING) && attempt.step().equals("review")
                        ? Outcome.failed("cannot review")
                        : Outcome.succeeded(Map.of("done", attempt.step())))
            .workflow(workflow)
            .build()) {
      baton.subscribe(entries ->
          entries.forEach(e -> {
            if (e.event() instanceof Event.HumanTaskOpened) asked.countDown();
          }));
      baton.start(workflow, Map.of(), Optional.of("finished")).await();
      baton.start(workflow, Map.of(), Optional.of(WAITING));
      if (!asked.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("nobody was asked");
    }
  }
}
