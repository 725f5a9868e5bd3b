package dev.baton.bench;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The commands a person or a polling script runs: {@code baton runs}, {@code baton show RUN} and
 * {@code baton inbox} through the {@code ./baton} launcher, on a store with {@code runs} finished
 * W1 runs and a few waiting for a person, each timed as a whole process (launcher, JVM start, store
 * open, query, output). The floor is {@code java -version} of the same JDK: what starting a JVM
 * costs before Baton does anything. Commands run in turn (floor, runs, show, inbox, validate,
 * --help), round after round, so a busy spell of the machine hits all of them alike; the first
 * round is not counted (it may build the launcher's class-data archive).
 */
final class Cli {
  /** Wall-clock seconds of each counted run, by command. */
  record Result(int runs, Map<String, double[]> seconds) {
    static double median(double[] s) {
      double[] c = s.clone();
      Arrays.sort(c);
      return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    List<String> lines() {
      double floor = median(seconds.get("java -version"));
      List<String> out = new ArrayList<>();
      seconds.forEach((command, s) -> {
        double[] c = s.clone();
        Arrays.sort(c);
        out.add(
            String.format(
                Locale.ROOT,
                "| `%s` | %d | %.3f | %.3f | %.3f | %.2f× |",
                command,
                c.length,
                median(c),
                c[0],
                c[c.length - 1],
                median(c) / floor));
      });
      return out;
    }
  }

  private static final int WAITING = 10;

  private Cli() {}

  static Result run(Path launcher, int runs, int rounds, Path dir) throws Exception {
    Path db = dir.resolve("baton.db").toAbsolutePath();
    String someRun = populate(db, runs);
    String java = ProcessHandle.current().info().command().orElse("java");
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put("java -version", List.of(java, "-version"));
    commands.put("baton runs", List.of(launcher.toString(), "runs", "--db", db.toString()));
    commands.put(
        "baton show RUN", List.of(launcher.toString(), "show", someRun, "--db", db.toString()));
    commands.put("baton inbox", List.of(launcher.toString(), "inbox", "--db", db.toString()));
    Path example =
        launcher.toAbsolutePath().getParent().resolve("examples").resolve("feature.yaml");
    commands.put(
        "baton validate examples/feature.yaml",
        List.of(launcher.toString(), "validate", example.toString()));
    commands.put("baton --help", List.of(launcher.toString(), "--help"));
    Map<String, double[]> seconds = new LinkedHashMap<>();
    commands.keySet().forEach(k -> seconds.put(k, new double[rounds]));
    for (int round = -1; round < rounds; round++) {
      for (var c : commands.entrySet()) {
        double s = time(c.getValue(), dir);
        if (round >= 0) seconds.get(c.getKey())[round] = s;
      }
    }
    return new Result(runs, seconds);
  }

  /**
   * {@code runs} W1 runs that succeed, then {@value #WAITING} whose first step fails and escalates
   * to a person; returns the id of one finished run.
   */
  private static String populate(Path db, int runs) throws InterruptedException {
    Workflow ok = Workflows.inProcess(Shape.W1);
    Workflow escalating = Workflows.escalating(Shape.W1);
    CountDownLatch asked = new CountDownLatch(WAITING);
    try (JournalStore store = Stores.sqlite(db, Clock.systemUTC());
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(db.getParent().resolve("state"))
                .agent(
                    Workflows.AGENT,
                    (handoff, attempt) ->
                        attempt.run().startsWith(escalating.name() + "-")
                            ? Outcome.failed("cannot do " + attempt.step())
                            : Outcome.succeeded(Map.of("done", attempt.step())))
                .workflow(ok)
                .workflow(escalating)
                .build()) {
      baton.subscribe(entries ->
          entries.forEach(e -> {
            if (e.event() instanceof Event.HumanTaskOpened) asked.countDown();
          }));
      String first = null;
      List<RunHandle> batch = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        batch.add(baton.start(ok, Map.of()));
        if (batch.size() == 32 || i == runs - 1) {
          for (RunHandle h : batch) h.await();
          if (first == null) first = batch.getFirst().id();
          batch.clear();
        }
      }
      for (int i = 0; i < WAITING; i++) baton.start(escalating, Map.of(), Optional.empty());
      if (!asked.await(2, TimeUnit.MINUTES))
        throw new IllegalStateException("the escalating runs did not ask a person");
      return first;
    }
  }

  private static double time(List<String> command, Path dir) throws IOException {
    Path out = dir.resolve("out.txt");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    if (code != 0)
      throw new IllegalStateException(
          String.join(" ", command) + " exited " + code + ": " + Files.readString(out));
    return s;
  }
}
