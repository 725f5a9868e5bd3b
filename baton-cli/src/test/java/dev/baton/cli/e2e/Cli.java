package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives the real {@code ./baton} launcher as a user does, in one folder: its store ({@code
 * BATON_DB}), its workflows, and the marker files of the test agent ({@code MARKERS}, see {@code
 * e2e/agent.sh}).
 */
final class Cli {
  static final Path HOME =
      Path.of(System.getProperty("baton.home", "..")).toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  /** The test agent: a POSIX shell script that writes marker files and does what its task says. */
  static final Path AGENT = resource("/e2e/agent.sh");

  final Path dir;
  final Path db;
  final Path markers;
  private final Map<String, String> env = new LinkedHashMap<>();

  /** One counter for every Cli of this JVM: tests that share a folder never share a log file. */
  private static final AtomicInteger processes = new AtomicInteger();

  private Cli(Path dir, boolean store) {
    this.dir = dir;
    this.db = dir.resolve("baton.db");
    this.markers = dir.resolve("markers");
    env.put("BATON_DEMO_SPEED", "0");
    if (store) {
      env.put("BATON_DB", db.toString());
      env.put("MARKERS", markers.toString());
      // agents see a clean environment: BATON_* variables reach them, MARKERS does not
      env.put("BATON_TEST_MARKERS", markers.toString());
      try {
        Files.createDirectories(markers);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Commands run in the repository (examples, validation); no store of their own. */
  static Cli inHome() {
    return new Cli(HOME, false);
  }

  /** Commands run in {@code dir}, with a store and markers folder there. */
  static Cli in(Path dir) {
    return new Cli(dir, true);
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** The value the started processes get for {@code name}, or null. */
  String envValue(String name) {
    return env.get(name);
  }

  record Result(int exit, String out, String err) {
    /** Standard error without the launcher's build notice and the JVM's own warnings. */
    List<String> diagnostics() {
      return err.lines()
          .filter(l -> !l.startsWith("baton: building") && !l.startsWith("WARNING: "))
          .toList();
    }

    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON on stdout: " + out + "\nstderr: " + err, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
  }

  /**
   * A copy of the repository's {@code examples} folder in {@code dir}, returned. Runs of the
   * examples use their copy: a workflow with {@code isolation: branch} steps works in the git
   * repository around its file, which must not be the repository under test.
   */
  static Path copyExamples(Path dir) throws IOException {
    Path from = HOME.resolve("examples");
    Path to = dir.resolve("examples");
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else
          Files.copy(
              f,
              target,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return to;
  }

  /**
   * Whether the run's journal holds an event of this type, read straight from the store's SQLite
   * file (no process to start, so a test can act within milliseconds of the event's commit).
   */
  boolean journalHas(String run, String type) throws java.sql.SQLException {
    if (!Files.exists(db)) return false;
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.PreparedStatement q =
            c.prepareStatement("SELECT seq, time, data FROM events WHERE run = ?")) {
      q.setString(1, run);
      List<dev.baton.journal.JournalEntry> entries = new ArrayList<>();
      try (java.sql.ResultSet r = q.executeQuery()) {
        while (r.next())
          dev.baton.store.JournalRows.read(
              run, r.getLong(1), r.getLong(2), r.getString(3), 0, entries);
      }
      return entries.stream().anyMatch(e -> e.event().type().equals(type));
    } catch (java.sql.SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("no such table")) return false;
      throw e;
    }
  }

  /** A {@code baton} process started in the background. */
  static final class Running {
    final Process process;
    private final Path out;
    private final Path err;

    private Running(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /**
     * The JVM's pid: the launcher {@code exec}s java, so this is the process that executes runs.
     */
    long pid() {
      return process.pid();
    }

    /** {@code kill -9}: no shutdown hook, no last flush. */
    void kill9() throws InterruptedException {
      process.destroyForcibly();
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed process gone").isTrue();
    }

    Result await() throws IOException, InterruptedException {
      return await(Duration.ofMinutes(2));
    }

    Result await(Duration max) throws IOException, InterruptedException {
      if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "baton did not finish within "
                + max
                + "\nstdout: "
                + Files.readString(out)
                + "\nstderr: "
                + Files.readString(err));
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    }

    String outSoFar() throws IOException {
      return Files.readString(out, StandardCharsets.UTF_8);
    }

    String errSoFar() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Sends a signal by name ({@code INT} is what Ctrl-C sends), as {@code kill -INT PID}. */
    void signal(String name) throws IOException, InterruptedException {
      assertThat(ignored(pid(), name))
          .as(
              "baton (pid %d) ignores SIG%s: it inherited that from whatever started the tests (a"
                  + " shell without job control starts its background jobs with SIGINT ignored);"
                  + " run the build in the foreground, or with `set -m`",
              pid(), name)
          .isFalse();
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0)
          .as("kill -%s %d", name, pid())
          .isTrue();
    }
  }

  /** Whether the process ignores the signal, as its {@code SigIgn} mask in {@code /proc} says. */
  private static boolean ignored(long pid, String name) throws IOException {
    Integer number = Map.of("HUP", 1, "INT", 2, "QUIT", 3, "TERM", 15).get(name);
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (number == null || !Files.exists(status)) return false;
    for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
        return (mask & (1L << (number - 1))) != 0;
      }
    }
    return false;
  }

  Running start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("baton").toString()));
    command.addAll(List.of(args));
    int n = processes.incrementAndGet();
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path out = logs.resolve("baton-" + n + ".out");
    Path err = logs.resolve("baton-" + n + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().putAll(env);
    if (!env.containsKey("BATON_DB")) pb.environment().remove("BATON_DB");
    return new Running(pb.start(), out, err);
  }

  Result baton(String... args) throws IOException, InterruptedException {
    return start(args).await();
  }

  /** Runs a command that must succeed and print JSON. */
  JsonNode json(String... args) throws IOException, InterruptedException {
    Result r = baton(args);
    assertThat(r.exit()).as("%s", r).isZero();
    return r.json();
  }

  /** {@code baton events RUN --json}: one JSON object per line. */
  List<JsonNode> events(String run) throws IOException, InterruptedException {
    Result r = baton("events", run, "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : r.out().lines().toList()) events.add(JSON.readTree(line));
    return events;
  }

  /**
   * Follows the run's journal ({@code baton events RUN --json --follow}, as a user watching it)
   * until an event of {@code type} appears, and returns it. Waits for the run to exist first.
   */
  JsonNode awaitEvent(String run, String type) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Running follow = start("events", run, "--json", "--follow");
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> find(follow.outSoFar(), type) != null || !follow.process.isAlive());
        JsonNode found = find(follow.outSoFar(), type);
        if (found != null) return found;
        Result r = follow.await();
        if (!r.err().contains("no run with id") && !r.err().contains("no store at"))
          throw new AssertionError("run " + run + " ended without a " + type + " event: " + r);
      } finally {
        follow.process.destroy();
      }
    }
    throw new AssertionError("no " + type + " event in run " + run);
  }

  private static JsonNode find(String lines, String type) {
    for (String line : lines.lines().toList()) {
      JsonNode e;
      try {
        e = JSON.readTree(line);
      } catch (IOException partLine) {
        continue; // the line being written
      }
      if (e.path("type").asText().equals(type)) return e;
    }
    return null;
  }

  JsonNode show(String run) throws IOException, InterruptedException {
    return json("show", run, "--json");
  }

  /**
   * Writes a workflow file into the folder; {@code AGENT} in the text becomes the test agent's
   * path.
   */
  Path workflow(String name, String yaml) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml.replace("AGENT", AGENT.toString()));
    return file;
  }

  // ---- what the test agent left behind
  // ------------------------------------------------------------

  /** A line of the agents' log: {@code start|end|fail|compensate STEP ATTEMPT KEY NANOS AGENT}. */
  record Mark(String what, String step, int attempt, String key, long nanos, String agent) {}

  List<Mark> log() {
    Path log = markers.resolve("log");
    if (!Files.exists(log)) return List.of();
    try {
      return Files.readAllLines(log).stream()
          .filter(l -> !l.isBlank())
          .map(l -> l.split(" "))
          .map(p -> new Mark(p[0], p[1], Integer.parseInt(p[2]), p[3], Long.parseLong(p[4]), p[5]))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Mark> log(String what) {
    return log().stream().filter(m -> m.what().equals(what)).toList();
  }

  boolean marker(String name) {
    return Files.exists(markers.resolve(name));
  }

  String markerText(String name) {
    try {
      return Files.readString(markers.resolve(name), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode markerJson(String name) throws IOException {
    return JSON.readTree(markers.resolve(name).toFile());
  }

  /** The time (ns) in the first field of a {@code .start} or {@code .end} marker. */
  long nanos(String name) {
    return Long.parseLong(markerText(name).split(" ")[0]);
  }

  // ---- reading journals and processes -----------------------------------------------------------

  static List<JsonNode> ofType(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
  }

  static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.path("type").asText()).toList();
  }

  /**
   * True once the process is gone (or a zombie nobody waits for); waits up to 10 s for it to go.
   */
  static boolean gone(String pid) {
    try {
      await()
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !alive(Long.parseLong(pid.strip())));
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(h -> h.isAlive() && !zombie(pid)).orElse(false);
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  private static Path resource(String name) {
    try {
      return Path.of(Cli.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }
}
