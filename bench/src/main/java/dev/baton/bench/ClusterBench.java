package dev.baton.bench;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalRows;
import dev.baton.store.LocalPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several {@code baton serve} processes on one PostgreSQL database (the test server of {@code
 * baton-store}, with {@code fsync} and {@code synchronous_commit} on), driven through their HTTP
 * API as users drive them; every figure is read from the database the nodes share (journal times,
 * runs' start and end), never from a node's own report.
 *
 * <ul>
 *   <li><b>throughput</b>: a burst of W1 runs (13 steps of a command agent running {@code
 *       /bin/true}) spread over 1, 2 and 3 nodes: runs per second from the first start to the last
 *       end, and handoff latency (a step's start minus the latest end it waited for);
 *   <li><b>decisions</b>: runs waiting for a person execute on node 1; each decision is sent to
 *       another node's API (or to node 1 itself, for comparison), and its latency is the time from
 *       sending it to the executing node's {@code HumanTaskResolved};
 *   <li><b>failover</b>: a node executing runs of slow steps ({@code sleep 0.3}) is killed with
 *       {@code kill -9} (the others see at once that its process is gone) or paused with {@code
 *       SIGSTOP} (as a node on another host: only its lease's expiry frees its runs): time until
 *       every one of its runs is leased by another node, and until the first event recorded
 *       elsewhere in one of them.
 * </ul>
 *
 * <p>{@code bench/cluster.sh [--smoke] [--nodes 1,2,3] [--runs N] [--decisions N] [--kills N]
 * [--lease 6s] [--only throughput,decisions,failover]}
 */
public final class ClusterBench {
  private static final Pattern RUN_ID = Pattern.compile("\"run\"\\s*:\\s*\"([^\"]+)\"");
  private static final String FINISHED = "('SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'CANCELLED')";

  private final Path launcher;
  private final Path root;
  private final String lease;
  private final HttpClient http = HttpClient.newHttpClient();
  private int folders;

  private ClusterBench(Path launcher, Path root, String lease) {
    this.launcher = launcher;
    this.root = root;
    this.lease = lease;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(1, 2, 3);
    int runs = 150, decisions = 100, kills = 3;
    String lease = "6s";
    List<String> only = List.of("throughput", "decisions", "failover");
    Path dir = Path.of("bench/target/cluster-data");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--smoke" -> {
          runs = 6;
          decisions = 5;
          kills = 1;
        }
        case "--nodes" ->
            sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--decisions" -> decisions = Integer.parseInt(args[++i]);
        case "--kills" -> kills = Integer.parseInt(args[++i]);
        case "--lease" -> lease = args[++i];
        case "--only" -> only = List.of(args[++i].split(","));
        case "--dir" -> dir = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --smoke, --nodes 1,2,3, --runs N, --decisions N, --kills N, --lease"
                    + " DURATION, --only throughput,decisions,failover, --dir DIR");
      }
    }
    Files.createDirectories(dir);
    ClusterBench bench = new ClusterBench(Path.of("baton").toAbsolutePath(), dir, lease);
    int max = sizes.stream().mapToInt(Integer::intValue).max().orElse(3);
    System.out.println("## Cluster: `baton serve` nodes on one PostgreSQL\n");
    System.out.println(
        "lease "
            + lease
            + "; "
            + Runtime.getRuntime().availableProcessors()
            + " CPUs; nodes, PostgreSQL and agents share them\n");
    if (only.contains("throughput")) {
      System.out.println("| nodes | W1 runs | wf/s | steps/s | handoff p50 ms | handoff p99 ms |");
      System.out.println("|---|---|---|---|---|---|");
      for (int n : sizes) bench.throughput(n, runs);
      System.out.println();
    }
    if (only.contains("decisions")) {
      System.out.println(
          "| decision sent to | executed on | decisions | p50 ms | p99 ms | max ms |");
      System.out.println("|---|---|---|---|---|---|");
      bench.decisions(Math.max(2, Math.min(max, 3)), decisions);
      System.out.println();
    }
    if (only.contains("failover")) {
      System.out.println(
          "| failover | nodes | samples | runs leased elsewhere, median s (max) | first event"
              + " elsewhere, median s (max) |");
      System.out.println("|---|---|---|---|---|");
      bench.failover(Math.max(2, max), kills, false);
      bench.failover(Math.max(2, max), Math.max(1, kills - 1), true);
    }
  }

  // ---- scenarios ------------------------------------------------------------------------------

  private void throughput(int n, int runs) throws Exception {
    try (Nodes nodes = start(n)) {
      // warm-up: every node starts agents, loads the workflow and fills its pools
      List<String> warm = new ArrayList<>();
      for (int i = 0; i < 3 * n; i++) warm.add(nodes.startRun(i % n, "w1.yaml"));
      nodes.awaitFinished(warm, Duration.ofMinutes(10));
      List<String> measured = new ArrayList<>();
      for (int i = 0; i < runs; i++) measured.add(nodes.startRun(i % n, "w1.yaml"));
      nodes.awaitFinished(measured, Duration.ofMinutes(30));
      long[] span = nodes.span(measured);
      double seconds = (span[1] - span[0]) / 1e6;
      double[] handoffs = nodes.handoffs(measured);
      System.out.printf(
          Locale.ROOT,
          "| %d | %d | %.1f | %.0f | %.1f | %.1f |%n",
          n,
          runs,
          runs / seconds,
          runs * 13 / seconds,
          percentile(handoffs, 50) / 1000,
          percentile(handoffs, 99) / 1000);
    }
  }

  private void decisions(int n, int count) throws Exception {
    try (Nodes nodes = start(n)) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < 2 * count; i++) runs.add(nodes.startRun(0, "approval.yaml"));
      awaitTrue(
          Duration.ofMinutes(10),
          () -> nodes.query("human_tasks WHERE decision IS NULL") >= 2L * count);
      double[] same = new double[count];
      double[] across = new double[count];
      List<String[]> tasks = nodes.openTasks();
      for (int i = 0; i < 2 * count; i++) {
        String[] task = tasks.get(i);
        // alternate: through another node, through the executing node
        int via = i % 2 == 0 ? 1 + (i / 2) % (n - 1) : 0;
        Instant sent = Instant.now();
        nodes.decide(via, task[0]);
        long resolved = nodes.awaitEvent(task[1], "HumanTaskResolved");
        double ms = (resolved - micros(sent)) / 1000.0;
        if (i % 2 == 0) across[i / 2] = ms;
        else same[i / 2] = ms;
      }
      print("another node", "node 1", across);
      print("node 1 itself", "node 1", same);
      nodes.awaitFinished(runs, Duration.ofMinutes(5));
    }
  }

  private void failover(int n, int samples, boolean pause) throws Exception {
    double[] leased = new double[samples];
    double[] firstEvent = new double[samples];
    try (Nodes nodes = start(n)) {
      for (int s = 0; s < samples; s++) {
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 2 * n; i++) runs.add(nodes.startRun(i % n, "slow.yaml"));
        int victim = n - 1;
        awaitTrue(Duration.ofMinutes(5), () -> nodes.holdsSlot(victim));
        List<String> orphaned = nodes.runsOf(victim);
        Instant t0 = Instant.now();
        if (pause) nodes.signal(victim, "STOP");
        else nodes.kill(victim);
        awaitTrue(Duration.ofMinutes(5), () -> nodes.leasedElsewhere(orphaned, victim));
        leased[s] = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
        awaitTrue(Duration.ofMinutes(5), () -> nodes.firstEventAfter(orphaned, micros(t0)) > 0);
        firstEvent[s] = (nodes.firstEventAfter(orphaned, micros(t0)) - micros(t0)) / 1e6;
        if (pause) nodes.kill(victim);
        nodes.restart(victim);
        nodes.awaitFinished(runs, Duration.ofMinutes(10));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %.2f (%.2f) | %.2f (%.2f) |%n",
        pause ? "`SIGSTOP` (lease expiry)" : "`kill -9`",
        n,
        samples,
        percentile(leased, 50),
        percentile(leased, 100),
        percentile(firstEvent, 50),
        percentile(firstEvent, 100));
  }

  private static void print(String via, String on, double[] ms) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %d | %.1f | %.1f | %.1f |%n",
        via,
        on,
        ms.length,
        percentile(ms, 50),
        percentile(ms, 99),
        percentile(ms, 100));
  }

  // ---- nodes ----------------------------------------------------------------------------------

  private Nodes start(int n) throws Exception {
    Path dir = Files.createDirectories(root.resolve("cluster-" + ++folders));
    writeFiles(dir);
    Files.writeString(dir.resolve("baton.yaml"), "cluster: { lease: " + lease + " }\n");
    String db = LocalPostgres.get().newDatabase();
    Nodes nodes = new Nodes(dir, db);
    Process token =
        nodes
            .process(List.of(launcher.toString(), "token", "create", "bench", "--role", "admin"))
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
    String out =
        new String(token.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .strip();
    if (token.waitFor() != 0) throw new IllegalStateException("token create failed: " + out);
    nodes.token = out.lines().findFirst().orElseThrow().strip();
    for (int i = 0; i < n; i++) nodes.add();
    return nodes;
  }

  private final class Nodes implements AutoCloseable {
    final Path dir;
    final String db;
    String token;
    final List<Process> processes = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    private Connection connection;

    Nodes(Path dir, String db) {
      this.dir = dir;
      this.db = db;
    }

    ProcessBuilder process(List<String> command) {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
      pb.environment().put("BATON_DB", db);
      pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("nodes.err").toFile()));
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nodes.out").toFile()));
      return pb;
    }

    void add() throws Exception {
      int port = freePort();
      ports.add(port);
      processes.add(null);
      start(ports.size() - 1);
    }

    void start(int i) throws Exception {
      int port = ports.get(i);
      processes.set(
          i,
          process(List.of(launcher.toString(), "serve", "--port", String.valueOf(port))).start());
      awaitTrue(
          Duration.ofMinutes(3),
          () -> {
            try {
              return get(i, "/api/v1/health").statusCode() == 200;
            } catch (IOException notYet) {
              return false;
            }
          });
    }

    void restart(int i) throws Exception {
      start(i);
    }

    void kill(int i) throws InterruptedException {
      processes.get(i).destroyForcibly();
      processes.get(i).waitFor(10, TimeUnit.SECONDS);
    }

    void signal(int i, String name) throws Exception {
      new ProcessBuilder("kill", "-" + name, Long.toString(processes.get(i).pid()))
          .start()
          .waitFor();
    }

    String owner(int i) {
      return "/" + processes.get(i).pid() + "/";
    }

    String startRun(int node, String workflow) throws Exception {
      HttpResponse<String> r =
          send(
              node,
              "/api/v1/runs",
              "{\"workflow\": \"" + dir.resolve(workflow).toAbsolutePath() + "\"}");
      Matcher m = RUN_ID.matcher(r.body());
      if (r.statusCode() != 201 || !m.find())
        throw new IllegalStateException("start refused: " + r.statusCode() + " " + r.body());
      return m.group(1);
    }

    void decide(int node, String task) throws Exception {
      HttpResponse<String> r =
          send(node, "/api/v1/tasks/" + task + "/decision", "{\"action\": \"approve\"}");
      if (r.statusCode() != 202)
        throw new IllegalStateException("decision refused: " + r.statusCode() + " " + r.body());
    }

    HttpResponse<String> get(int node, String path) throws IOException, InterruptedException {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(node) + path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(int node, String path, String body) throws Exception {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(node) + path))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    // ---- what the database says

    /** One connection for every look at the database: polling must not load the machine. */
    private Connection c() throws SQLException {
      if (connection == null) connection = DriverManager.getConnection(db);
      return connection;
    }

    void awaitFinished(List<String> runs, Duration max) throws Exception {
      awaitTrue(
          max,
          () ->
              runs.size() == count("runs WHERE state IN " + FINISHED + " AND run = ANY (?)", runs));
      long failed = count("runs WHERE state <> 'SUCCEEDED' AND run = ANY (?)", runs);
      if (failed > 0) throw new IllegalStateException(failed + " runs did not succeed in " + dir);
    }

    long query(String from) throws SQLException {
      return count(from, null);
    }

    long count(String from, List<String> runs) throws SQLException {
      try (PreparedStatement ps = c().prepareStatement("SELECT count(*) FROM " + from)) {
        if (runs != null) ps.setArray(1, c().createArrayOf("text", runs.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }

    /** Earliest start and latest end of the runs, in microseconds. */
    long[] span(List<String> runs) throws SQLException {
      try (PreparedStatement ps =
          c().prepareStatement("SELECT min(started), max(ended) FROM runs WHERE run = ANY (?)")) {
        ps.setArray(1, c().createArrayOf("text", runs.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new long[] {rs.getLong(1), rs.getLong(2)};
        }
      }
    }

    /**
     * Microseconds from the latest step end a step waited for (all of the previous phase, or the
     * previous step of a sequence) to its start, from the journals' times.
     */
    double[] handoffs(List<String> runs) throws SQLException {
      List<Double> out = new ArrayList<>();
      String run = "";
      long lastEnd = -1;
      boolean ended = false;
      for (JournalEntry e : entries(runs)) {
        if (!e.run().equals(run)) {
          run = e.run();
          lastEnd = -1;
          ended = false;
        }
        long t = micros(e.time());
        if (e.event() instanceof Event.StepSucceeded) {
          lastEnd = Math.max(lastEnd, t);
          ended = true;
        } else if (e.event() instanceof Event.StepStarted && ended) {
          // the first start after one or more ends: a handoff
          out.add((double) (t - lastEnd));
          ended = false;
        }
      }
      return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Open human tasks: id and run, oldest first. */
    List<String[]> openTasks() throws SQLException {
      List<String[]> out = new ArrayList<>();
      try (PreparedStatement ps =
              c().prepareStatement(
                      "SELECT id, run FROM human_tasks WHERE decision IS NULL ORDER BY opened, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new String[] {rs.getString(1), rs.getString(2)});
      }
      return out;
    }

    /** Waits for the run's first event of {@code type}; returns its time in microseconds. */
    long awaitEvent(String run, String type) throws Exception {
      long[] time = {0};
      awaitTrue(
          Duration.ofMinutes(1),
          () -> {
            for (JournalEntry e : entries(List.of(run))) {
              if (e.event().type().equals(type)) {
                time[0] = micros(e.time());
                return true;
              }
            }
            return false;
          });
      return time[0];
    }

    /** True while node {@code i} holds an agent slot (one of its steps is running). */
    boolean holdsSlot(int i) throws SQLException {
      return count("claims WHERE granted IS NOT NULL AND owner LIKE '%" + owner(i) + "%'", null)
          > 0;
    }

    /** The unfinished runs node {@code i} executes. */
    List<String> runsOf(int i) throws SQLException {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps =
          c().prepareStatement(
                  "SELECT run FROM runs WHERE state NOT IN "
                      + FINISHED
                      + " AND lease_owner LIKE ?")) {
        ps.setString(1, "%" + owner(i) + "%");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(rs.getString(1));
        }
      }
      return out;
    }

    /** True once none of {@code runs} is leased to node {@code i} or unleased while unfinished. */
    boolean leasedElsewhere(List<String> runs, int i) throws SQLException {
      return count(
              "runs WHERE run = ANY (?) AND state NOT IN "
                  + FINISHED
                  + " AND (lease_owner IS NULL OR lease_owner LIKE '%"
                  + owner(i)
                  + "%')",
              runs)
          == 0;
    }

    /** The time of the first event of {@code runs} after {@code micros}, or 0. */
    long firstEventAfter(List<String> runs, long micros) throws SQLException {
      long first = 0;
      for (JournalEntry e : entries(runs)) {
        long t = micros(e.time());
        if (t > micros && (first == 0 || t < first)) first = t;
      }
      return first;
    }

    /**
     * The journals of {@code runs}, run by run in seq order ({@link JournalRows}: a row per
     * append).
     */
    private List<JournalEntry> entries(List<String> runs) throws SQLException {
      List<JournalEntry> out = new ArrayList<>();
      try (PreparedStatement ps =
          c().prepareStatement(
                  "SELECT run, seq, time, data FROM events WHERE run = ANY (?) ORDER BY run, seq")) {
        ps.setArray(1, c().createArrayOf("text", runs.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next())
            JournalRows.read(
                rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), 0, out);
        }
      }
      return out;
    }

    @Override
    public void close() throws SQLException {
      if (connection != null) connection.close();
      for (Process p : processes) {
        if (p == null) continue;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The workflows and agents: W1 of command agents, its slow variant, and one approval. */
  private static void writeFiles(Path dir) throws IOException {
    Files.writeString(
        dir.resolve("agents.yaml"),
        """
        agents:
          worker: { role: Worker, capabilities: [work], capacity: 1000, command: [/bin/true] }
          slow: { role: Slow worker, capabilities: [work], capacity: 1000, command: [/bin/sleep, "0.3"] }
          approver: { role: Approver, capabilities: [approvals], human: true }
        """);
    Files.writeString(dir.resolve("w1.yaml"), w1("w1", "worker"));
    Files.writeString(dir.resolve("slow.yaml"), w1("slow", "slow"));
    Files.writeString(
        dir.resolve("approval.yaml"),
        """
        name: approval
        team: [approver]
        phases:
          - name: approve
            mode: sequential
            steps:
              - { id: approve, agent: approver, task: Approve the release }
        """);
  }

  /** W1: 3 steps in parallel, 4 in sequence, 3 in parallel, 3 in sequence. */
  private static String w1(String name, String agent) {
    StringBuilder y = new StringBuilder("name: " + name + "\nteam: [" + agent + "]\nphases:\n");
    String[][] phases = {
      {"a", "parallel", "3"},
      {"b", "sequential", "4"},
      {"c", "parallel", "3"},
      {"d", "sequential", "3"}
    };
    for (String[] p : phases) {
      y.append("  - name: ").append(p[0]).append("\n    mode: ").append(p[1]);
      y.append("\n    steps:\n");
      for (int i = 1; i <= Integer.parseInt(p[2]); i++) {
        y.append("      - { id: ")
            .append(p[0])
            .append(i)
            .append(", agent: ")
            .append(agent)
            .append(", task: step ")
            .append(p[0])
            .append(i)
            .append(" }\n");
      }
    }
    return y.toString();
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Duration max, Check check) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + max);
      Thread.sleep(5);
    }
  }

  private static long micros(Instant t) {
    return JournalRows.micros(t);
  }

  /** The p-th percentile (nearest rank) of {@code values}. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) return Double.NaN;
    double[] c = values.clone();
    Arrays.sort(c);
    int rank = (int) Math.ceil(p / 100 * c.length);
    return c[Math.max(0, Math.min(c.length - 1, rank - 1))];
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
