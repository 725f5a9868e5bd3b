package dev.baton.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The load harness of {@code docs/benchmarks.md}: Baton on SQLite with full durability, beside its
 * floors, in one JVM and one run.
 *
 * <pre>
 * bench/run.sh [--smoke] [--no-floors] [--only w1,w2,command,w3,recovery,w4,cli,embed] [--rounds N]
 *              [--concurrency 32,1] [--dir DIR] [--out FILE]
 * </pre>
 *
 * Progress lines go to standard error as each line is measured; the Markdown report goes to
 * standard output and, with {@code --out}, to a file.
 */
public final class Harness {
  /** W1's and W2's concurrencies; {@code --concurrency} measures one of them alone. */
  static final Set<Integer> ALL_CONCURRENCIES = Set.of(32, 1);

  static final Set<String> SCENARIOS =
      Set.of("w1", "w2", "command", "w3", "recovery", "w4", "cli", "embed");

  private final Plan plan;
  private final Path dir;
  private final boolean floors;
  private final int rounds;
  private final Set<Integer> concurrencies;
  private final Report report = new Report();

  private Harness(Plan plan, Path dir, boolean floors, int rounds, Set<Integer> concurrencies) {
    this.plan = plan;
    this.dir = dir;
    this.floors = floors;
    this.rounds = rounds;
    this.concurrencies = concurrencies;
  }

  public static void main(String[] args) throws Exception {
    boolean smoke = false;
    boolean floors = true;
    Set<String> only =
        new LinkedHashSet<>(List.of("w1", "w2", "command", "w3", "recovery", "w4", "cli", "embed"));
    Path dir = Path.of("target", "bench-data");
    Path out = null;
    int rounds = 0;
    Set<Integer> concurrencies = ALL_CONCURRENCIES;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> smoke = true;
        case "--no-floors" -> floors = false;
        case "--only" ->
            only = new LinkedHashSet<>(List.of(args[++i].toLowerCase(Locale.ROOT).split(",")));
        case "--dir" -> dir = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--concurrency" ->
            concurrencies =
                Stream.of(args[++i].split(",")).map(Integer::valueOf).collect(Collectors.toSet());
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --smoke, --no-floors, --only LIST, --rounds N, --concurrency 32,1,"
                    + " --dir DIR, --out FILE");
      }
    }
    if (!SCENARIOS.containsAll(only))
      throw new IllegalArgumentException("--only takes " + SCENARIOS + ", not " + only);
    if (!ALL_CONCURRENCIES.containsAll(concurrencies))
      throw new IllegalArgumentException(
          "--concurrency takes 32, 1 or both (32,1), not " + concurrencies);
    Plan plan = new Plan(smoke);
    String markdown =
        run(plan, only, dir, floors, rounds > 0 ? rounds : plan.rounds(), concurrencies);
    System.out.println(markdown);
    if (out != null) Files.writeString(out, markdown);
  }

  /** Runs the chosen scenarios; returns the report. */
  static String run(Plan plan, Set<String> only, Path dir, boolean floors) throws Exception {
    return run(plan, only, dir, floors, plan.rounds(), ALL_CONCURRENCIES);
  }

  /**
   * As {@link #run(Plan, Set, Path, boolean)}, with {@code rounds} turns of Baton and its floors in
   * W1, W2 and the command scenario.
   */
  static String run(
      Plan plan, Set<String> only, Path dir, boolean floors, int rounds, Set<Integer> concurrencies)
      throws Exception {
    Files.createDirectories(dir);
    Harness h = new Harness(plan, dir, floors, rounds, concurrencies);
    h.report.extra(
        "JVM "
            + Runtime.version()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " processors, max heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MiB"
            + (plan.smoke() ? ", smoke counts" : ""));
    // the warm-up rounds at c = 32 are as long as the measured ones: with shorter ones (3,000 and
    // 100) the JIT compiler took 40-48 % of the CPU during Baton's measured round, while the
    // floors, measured after Baton in the same JVM, found SQLite's driver compiled already
    if (only.contains("w1")) h.shape(Shape.W1, 20_000, 20_000, 500, 1000);
    if (only.contains("w2")) h.shape(Shape.W2, 1000, 1000, 10, 50);
    if (only.contains("command")) h.commands();
    if (only.contains("w3")) h.inFlight();
    if (only.contains("recovery")) h.recovery();
    if (only.contains("w4")) h.soak();
    if (only.contains("cli")) h.cli();
    if (only.contains("embed")) h.embedded();
    return h.report.markdown();
  }

  /**
   * The goals' ratios of one shape at concurrency c: the median of each round's Baton ÷
   * group-commit floor (wf/s at c = 32, p50 at c = 1), by shape name and c.
   */
  private final Map<String, Double> pairedRatios = new LinkedHashMap<>();

  /**
   * One shape at concurrency 32 and 1. Baton and the SQLite group-commit floor take turns for
   * {@code rounds} rounds on stores kept open, each warmed up in its first round, the order swapped
   * every round (Baton then floor, floor then Baton, …): a slow spell of the disk, which here moves
   * a commit's cost 2× within minutes, falls on both alike, and each round's ratio compares
   * neighbours. Each line is the median round; the goals are the medians of the rounds' ratios.
   * Then the other floors, once.
   */
  private void shape(Shape shape, int warm32, int total32, int warm1, int total1)
      throws IOException {
    int[][] sizes = {{32, warm32, total32}, {1, warm1, total1}};
    for (int[] s : sizes) {
      int c = s[0];
      if (!concurrencies.contains(c)) continue;
      Plan.Count n = plan.count(s[1], s[2]);
      List<Row> baton = new ArrayList<>();
      List<Row> group = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      try (BatonTarget t = BatonTarget.inProcess(shape, fresh("baton-" + shape.name() + "-" + c));
          SqliteFloor g =
              floors
                  ? SqliteFloor.groupCommit(shape, fresh("group-" + shape.name() + "-" + c))
                  : null) {
        for (int round = 0; round < rounds; round++) {
          int warmup = round == 0 ? n.warmup() : 0;
          for (int turn = 0; turn < 2; turn++) {
            if ((turn == 0) == (round % 2 == 0)) {
              Row row = t.measure(shape.name(), c, warmup, n.total());
              baton.add(row);
              notes.add(row.note());
            } else if (g != null) {
              Row row = g.measure(shape.name(), c, warmup, n.total());
              group.add(row);
              notes.add(row.note());
            }
          }
        }
        if (c == 1 && g != null) oneByOne(shape, t, g, n.total());
      }
      report.add(median(baton));
      report.extra(String.join("; ", notes));
      if (!floors) {
        if (baton.size() > 1)
          report.extra(shape.name() + " c=" + c + ": Baton wf/s of each round " + wfs(baton));
        continue;
      }
      report.add(median(group));
      pairedRounds(shape, c, baton, group);
      Plan.Count fast = plan.count(s[1] * 5, s[2] * 5);
      try (FutureFloor f = new FutureFloor(shape)) {
        report.add(f.measure(shape.name(), c, fast.warmup(), fast.total()));
      }
      // about 3,400 fsyncs/s: one per row makes a W1 cost ~8 ms of disk and a W2 ~60 ms
      Plan.Count slow =
          plan.count(s[1] / 20, Math.max(s[2] / 20, 200) / (shape.steps() > 50 ? 8 : 1));
      Path d = fresh("per-event-" + shape.name() + "-" + c);
      try (SqliteFloor f = SqliteFloor.perEvent(shape, d)) {
        report.add(f.measure(shape.name(), c, slow.warmup(), slow.total()));
      }
    }
    targets(shape);
  }

  /**
   * Reports the rounds of Baton and its group-commit floor side by side, and the median of each
   * round's ratio: wf/s at c = 32, p50 at c = 1.
   */
  private void pairedRounds(Shape shape, int c, List<Row> baton, List<Row> group) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < baton.size(); i++) {
      ratios.add(
          c == 1
              ? baton.get(i).p50Millis() / group.get(i).p50Millis()
              : baton.get(i).wfPerSecond() / group.get(i).wfPerSecond());
    }
    List<Double> sorted = ratios.stream().sorted().toList();
    double median = sorted.get((sorted.size() - 1) / 2);
    pairedRatios.put(shape.name() + "/" + c, median);
    report.extra(
        String.format(
            Locale.ROOT,
            "%s c=%d, %s taking turns with the SQLite group-commit floor: Baton wf/s %s; floor"
                + " wf/s %s; Baton p50 ms %s; floor p50 ms %s; %s each round %s, median %.2f×",
            shape.name(),
            c,
            baton.size() == 1 ? "1 round" : baton.size() + " rounds",
            wfs(baton),
            wfs(group),
            millis(baton.stream().map(Row::p50Millis).toList()),
            millis(group.stream().map(Row::p50Millis).toList()),
            c == 1 ? "Baton's p50 ÷ the floor's" : "Baton's wf/s ÷ the floor's",
            String.join(
                ", ", ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f×", r)).toList()),
            median));
  }

  /**
   * At c = 1, after the rounds, Baton's workflows and the group-commit floor's one by one in turn
   * ({@code pairs} of each: Baton, floor, floor, Baton, …), a closed loop of one client. Each Baton
   * workflow's neighbours are floor workflows a few milliseconds before and after it, so the disk's
   * spells fall on both alike; but each also follows the other's work, which has pushed its code
   * out of the CPU's caches and predictors, and Baton's engine has far more of it than the floor's
   * few lines. So this is Baton at c = 1 with other work between its workflows, reported beside the
   * goal, not the goal (docs/benchmarks.md has the runs that showed it).
   */
  private void oneByOne(Shape shape, BatonTarget t, SqliteFloor g, int pairs) {
    Samples baton = new Samples();
    Samples floor = new Samples();
    Thread client =
        Thread.ofVirtual()
            .name("bench-client-one-by-one")
            .start(() -> {
              for (int i = 0; i < pairs; i++) {
                boolean batonFirst = i % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                  boolean isBaton = (turn == 0) == batonFirst;
                  long t0 = System.nanoTime();
                  (isBaton ? t.run(i) : g.run(i)).join();
                  (isBaton ? baton : floor).add(System.nanoTime() - t0);
                }
              }
            });
    try {
      client.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    double ratio = baton.percentileMillis(50) / floor.percentileMillis(50);
    report.extra(
        String.format(
            Locale.ROOT,
            "%s c=1, %d workflows each taking turns one by one with the floor's (each after the"
                + " other's work; not the goal): Baton p50 %.2f ms,"
                + " p99 %.2f ms; floor p50 %.2f ms, p99 %.2f ms; Baton's p50 ÷ the floor's %.2f×",
            shape.name(),
            pairs,
            baton.percentileMillis(50),
            baton.percentileMillis(99),
            floor.percentileMillis(50),
            floor.percentileMillis(99),
            ratio));
  }

  private void targets(Shape shape) {
    Double r32 = pairedRatios.get(shape.name() + "/32");
    if (r32 != null)
      report.target(
          shape.name() + " c=32 ≥ 0.6× the group-commit floor's wf/s (median of the rounds)",
          r32,
          "×",
          r32 >= 0.6);
    Double r1 = pairedRatios.get(shape.name() + "/1");
    if (r1 != null && shape.equals(Shape.W1))
      report.target(
          "W1 c=1 p50 ≤ 1.3× the group-commit floor's p50 (median of the rounds)",
          r1,
          "×",
          r1 <= 1.3);
    report
        .find(shape.name(), "Baton", 32)
        .ifPresent(r -> {
          double want = shape.equals(Shape.W1) ? 2000 : 250;
          report.target(
              shape.name() + " c=32 ≥ " + (int) want + " wf/s",
              r.wfPerSecond(),
              "wf/s",
              r.wfPerSecond() >= want);
        });
    report
        .find(shape.name(), "Baton", 1)
        .ifPresent(r -> {
          double want = shape.equals(Shape.W1) ? 4 : 45;
          report.target(
              shape.name() + " c=1 p50 ≤ " + (int) want + " ms",
              r.p50Millis(),
              "ms",
              r.p50Millis() <= want);
          if (shape.equals(Shape.W1))
            report.target(
                "W1 c=1 handoff p99 ≤ 2 ms", r.handoffP99Millis(), "ms", r.handoffP99Millis() <= 2);
        });
  }

  /**
   * W1 and W2 through command agents running {@code true}: the cost of starting a process per step,
   * against the same processes started by a plain loop, and by a plain loop that starts them as a
   * command agent does ({@link CommandFloor}). The three take turns for {@code rounds} rounds, each
   * round starting with the next one (so that a busy spell of the machine hits all alike); each
   * line is the median round by wf/s.
   */
  private void commands() throws IOException {
    int[][] sizes = {{32, 32, 320}, {1, 5, 30}};
    List<String> argv = List.of("true");
    for (Shape shape : List.of(Shape.W1, Shape.W2)) {
      for (int[] s : sizes) {
        int c = s[0];
        Plan.Count n =
            shape.equals(Shape.W1) ? plan.count(s[1], s[2]) : plan.count(s[1] / 5, s[2] / 5);
        String scenario = shape.name() + " command `true`";
        // per target, in turn order: its rounds and each round's step p50 inside the agent
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        List<String> targets = new ArrayList<>(List.of("Baton"));
        if (floors) {
          targets.add(CommandFloor.TARGET);
          targets.add(CommandFloor.SPAWNED);
        }
        for (int round = 0; round < rounds; round++) {
          for (int turn = 0; turn < targets.size(); turn++) {
            String target = targets.get((round + turn) % targets.size());
            if (target.equals("Baton")) {
              try (BatonTarget t =
                  BatonTarget.command(shape, argv, fresh("command-" + shape.name() + "-" + c))) {
                rows.computeIfAbsent(target, k -> new ArrayList<>())
                    .add(t.measure(scenario, c, n.warmup(), n.total()));
                steps
                    .computeIfAbsent(target, k -> new ArrayList<>())
                    .add(t.probe.steps.percentileMillis(50));
              }
            } else {
              try (CommandFloor f =
                  target.equals(CommandFloor.TARGET)
                      ? CommandFloor.of(shape, argv)
                      : CommandFloor.spawned(shape, argv)) {
                rows.computeIfAbsent(target, k -> new ArrayList<>())
                    .add(f.measure(scenario, c, n.warmup(), n.total()));
                steps
                    .computeIfAbsent(target, k -> new ArrayList<>())
                    .add(f.probe.steps.percentileMillis(50));
              }
            }
          }
        }
        targets.forEach(t -> report.add(median(rows.get(t))));
        report.extra(
            scenario
                + " c="
                + c
                + ": wf/s of each round: "
                + String.join("; ", targets.stream().map(t -> t + " " + wfs(rows.get(t))).toList())
                + ". A step inside its agent (start to end, p50 ms of each round): "
                + String.join(
                    "; ", targets.stream().map(t -> t + " " + millis(steps.get(t))).toList()));
      }
      if (floors) commandTargets(shape);
    }
  }

  private void commandTargets(Shape shape) {
    String scenario = shape.name() + " command `true`";
    for (int c : new int[] {32, 1}) {
      Optional<Row> baton = report.find(scenario, "Baton", c);
      Optional<Row> floor = report.find(scenario, CommandFloor.TARGET, c);
      if (baton.isEmpty() || floor.isEmpty()) continue;
      double ratio = baton.get().wfPerSecond() / floor.get().wfPerSecond();
      report.target(
          shape.name() + " command c=" + c + " ≥ 0.9× the process floor's wf/s",
          ratio,
          "×",
          ratio >= 0.9);
      report
          .find(scenario, CommandFloor.SPAWNED, c)
          .ifPresent(spawned ->
              report.extra(
                  String.format(
                      Locale.ROOT,
                      "%s c=%d: Baton ÷ the processes started as a command agent starts them: %.2f×"
                          + " (those alone: %.2f× the plain processes)",
                      scenario,
                      c,
                      baton.get().wfPerSecond() / spawned.wfPerSecond(),
                      spawned.wfPerSecond() / floor.get().wfPerSecond())));
    }
  }

  /** The median row by wf/s (the lower middle of an even count). */
  private static Row median(List<Row> rows) {
    List<Row> sorted = rows.stream().sorted(Comparator.comparingDouble(Row::wfPerSecond)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static String millis(List<Double> values) {
    return String.join(", ", values.stream().map(Report::fmt).toList());
  }

  private static String wfs(List<Row> rows) {
    return String.join(", ", rows.stream().map(r -> Report.fmt(r.wfPerSecond())).toList());
  }

  private void inFlight() throws IOException, InterruptedException {
    Waiting.InFlight w = inFlight("w3", false);
    report.extra(
        String.format(
            Locale.ROOT,
            "W3: %,d runs of W1 in flight, each attempt waiting for a signal: %.1f KiB of heap per "
                + "in-flight run (3 waiting attempts each), of which %.1f KiB the waiting agents' own"
                + " parked virtual threads; started in %.2f s; drained in %.2f s (%,.0f wf/s, %,.0f"
                + " steps/s), all succeeded",
            w.runs(),
            w.kibPerRun(),
            w.agentThreadsKibPerRun(),
            w.startSeconds(),
            w.drainSeconds(),
            w.runs() / w.drainSeconds(),
            w.runs() * 13 / w.drainSeconds()));
    Waiting.InFlight a = inFlight("w3-async", true);
    report.extra(
        String.format(
            Locale.ROOT,
            "W3 async: the same with an asynchronous agent (AsyncAgent), whose waiting attempts "
                + "hold no thread: %.1f KiB of heap per in-flight run (%.1f KiB in virtual threads);"
                + " started in %.2f s; drained in %.2f s (%,.0f wf/s), all succeeded",
            a.kibPerRun(),
            a.agentThreadsKibPerRun(),
            a.startSeconds(),
            a.drainSeconds(),
            a.runs() / a.drainSeconds()));
    // a remote job's attempts: a tenth first, unrecorded, as above
    Waiting.remote(Math.max(1, remoteRuns() / 10), fresh("w3-remote-warmup"));
    Waiting.InFlight h = Waiting.remote(remoteRuns(), fresh("w3-remote"));
    report.extra(
        String.format(
            Locale.ROOT,
            "W3 remote: %,d runs of W1 in flight whose attempts are `http` agents told `202"
                + " Accepted` by a loopback server, each waiting to poll its job: %.1f KiB of heap"
                + " per in-flight run (%.1f KiB in virtual threads); started in %.2f s",
            h.runs(),
            h.kibPerRun(),
            h.agentThreadsKibPerRun(),
            h.startSeconds()));
    report.target(
        "W3 heap per in-flight waiting run ≤ 10 KiB, agent holding no thread",
        a.kibPerRun(),
        "KiB",
        a.kibPerRun() <= 10);
    report.target(
        "W3 the same, agent parked on its thread (of which "
            + String.format(Locale.ROOT, "%.1f", w.agentThreadsKibPerRun())
            + " KiB its stack)",
        w.kibPerRun(),
        "KiB",
        w.kibPerRun() <= 10);
  }

  /**
   * W3 remote's runs: a tenth of W3's, at most 1,000. Each attempt is a request to a loopback
   * server, all started at once.
   */
  private int remoteRuns() {
    return Math.min(1_000, Math.max(1, plan.inFlightRuns() / 10));
  }

  /** W3 after an unrecorded tenth of the runs, with a blocking or an asynchronous agent. */
  private Waiting.InFlight inFlight(String name, boolean async)
      throws IOException, InterruptedException {
    // a tenth of the runs first, unrecorded: compiled code parks shallower stacks than the
    // interpreter's, and the figure is about the engine, not about the JIT compiler's progress
    Waiting.inFlight(Math.max(1, plan.inFlightRuns() / 10), fresh(name + "-warmup"), async);
    return Waiting.inFlight(plan.inFlightRuns(), fresh(name), async);
  }

  private void recovery() throws IOException, InterruptedException {
    Waiting.Recovered r = Waiting.recovery(plan.inFlightRuns(), fresh("recovery"));
    report.extra(
        String.format(
            Locale.ROOT,
            "Recovery: %,d unfinished runs in the store: resumeAll returned in %.2f s; every waiting "
                + "attempt started again after %.2f s; the resumed runs drained in %.2f s, all succeeded",
            r.runs(),
            r.resumeAllSeconds(),
            r.pickedUpSeconds(),
            r.drainSeconds()));
    report.target(
        "resume of " + r.runs() + " unfinished runs ≤ 5 s",
        r.pickedUpSeconds(),
        "s",
        r.pickedUpSeconds() <= 5);
  }

  /**
   * W4: W1 runs through one Baton and one store that stay open, as a server would; heap after full
   * collections sampled every tenth of the way. A process that never stops must stay flat.
   */
  private void soak() throws IOException {
    Soak.Result r = Soak.run(plan.soakRuns(), 32, fresh("w4"));
    report.extra(r.describe());
    report.target(
        "W4 heap after GC, " + r.label(1) + " → " + r.label(r.samples().size() - 1) + " ≤ 10 MB",
        r.growthMb(),
        "MB",
        r.growthMb() <= 10);
  }

  /**
   * An embedding application's first 20 seconds: 100 warm-up workflows, then 32 clients; Baton and
   * the group-commit floor, W1 and W2, with the heap each holds.
   */
  private void embedded() throws IOException {
    java.time.Duration time = java.time.Duration.ofSeconds(plan.smoke() ? 1 : 20);
    int warmup = plan.smoke() ? 10 : 100;
    for (Shape shape : List.of(Shape.W1, Shape.W2)) {
      Embedder.Line baton =
          Embedder.baton(shape, fresh("embed-baton-" + shape.name()), warmup, time);
      Embedder.Line floor =
          floors ? Embedder.floor(shape, fresh("embed-floor-" + shape.name()), warmup, time) : null;
      double floorWf = floor == null ? Double.NaN : floor.wfPerSecond();
      report.embedded(baton.markdown(floorWf));
      if (floor != null) report.embedded(floor.markdown(floorWf));
    }
  }

  /**
   * The read-only commands through {@code ./baton} on a store of 1,000 runs, against {@code java
   * -version}.
   */
  private void cli() throws Exception {
    Optional<Path> launcher = launcher();
    if (launcher.isEmpty()) {
      report.extra("cli: skipped, no ./baton launcher above " + Path.of("").toAbsolutePath());
      return;
    }
    Cli.Result r =
        Cli.run(launcher.get(), plan.smoke() ? 10 : 1000, plan.smoke() ? 2 : 11, fresh("cli"));
    report.commands(r);
    double floor = Cli.Result.median(r.seconds().get("java -version"));
    r.seconds()
        .forEach((command, s) -> {
          if (command.startsWith("baton"))
            report.target(
                command + " median ≤ 0.4 s (`java -version`: " + Report.fmt(floor) + " s)",
                Cli.Result.median(s),
                "s",
                Cli.Result.median(s) <= 0.4);
        });
  }

  /** The {@code baton} launcher of this checkout: in the working folder or a parent. */
  private static Optional<Path> launcher() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path baton = d.resolve("baton");
      if (Files.isExecutable(baton) && Files.exists(d.resolve("scripts/find-jdk.sh")))
        return Optional.of(baton);
    }
    return Optional.empty();
  }

  private Path fresh(String name) throws IOException {
    Path d = dir.resolve(name);
    if (Files.exists(d)) {
      try (Stream<Path> files = Files.walk(d)) {
        files
            .sorted(Comparator.reverseOrder())
            .forEach(p -> {
              try {
                Files.delete(p);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      }
    }
    return Files.createDirectories(d);
  }
}
