package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code baton serve} nodes in one folder sharing one database of the test PostgreSQL, started,
 * driven through their HTTP API, killed, paused and resumed as an operator would; what they did is
 * read from the database itself (the journal, the runs' leases, the claims), never from a node.
 */
final class Cluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * {@code baton.yaml} lines making the daily review fire every minute, so that a test of a few
   * minutes sees ticks of the schedule fired by processes that are killed and restarted.
   */
  static final String EVERY_MINUTE = "improvement: { daily: \"* * * * *\" }\n";

  final Cli cli;
  final String db;
  final List<Node> nodes = new ArrayList<>();
  private final Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String token;

  /** One event of a journal, as stored. */
  record Entry(long seq, String type, JsonNode data) {}

  final class Node {
    final int port;
    final String name;
    Cli.Running process;

    private Node(int port, String name) {
      this.port = port;
      this.name = name;
    }

    void start() throws IOException {
      process = cli.start("serve", "--port", String.valueOf(port), "--node", name);
      await()
          .atMost(Duration.ofMinutes(3))
          .ignoreExceptions()
          .until(() -> get("/api/v1/health").statusCode() == 200);
    }

    /** The text of this node's leases and claims: {@code host/pid/start/name}. */
    boolean owns(String owner) {
      return owner != null && owner.contains("/" + process.pid() + "/");
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      HttpRequest request =
          HttpRequest.newBuilder(uri(path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .GET()
              .build();
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a run of the feature example here; returns its id. */
    String startRun(String feature) throws IOException, InterruptedException {
      HttpRequest request =
          HttpRequest.newBuilder(uri("/api/v1/runs"))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"workflow\": \"examples/feature.yaml\", \"inputs\": {\"feature\": \""
                          + feature
                          + "\"}}"))
              .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      return JSON.readTree(r.body()).path("run").asText();
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }
  }

  /**
   * A folder with the feature example, {@code baton.yaml} with the lease, an operator token, and
   * {@code count} nodes started on a new database.
   */
  static Cluster start(Path dir, int count, String lease, Map<String, String> env)
      throws Exception {
    return start(dir, count, lease, env, "");
  }

  /**
   * As {@link #start(Path, int, String, Map)}, with {@code moreYaml} appended to {@code baton.yaml}
   * (e.g. {@link #EVERY_MINUTE}).
   */
  static Cluster start(Path dir, int count, String lease, Map<String, String> env, String moreYaml)
      throws Exception {
    Cli cli = Cli.in(dir).env("BATON_DB", LocalPostgres.get().newDatabase());
    env.forEach(cli::env);
    copyExamples(dir);
    Files.writeString(dir.resolve("baton.yaml"), "cluster: { lease: " + lease + " }\n" + moreYaml);
    Cli.Result created = cli.baton("token", "create", "cluster", "--role", "operator");
    assertThat(created.exit()).as("%s", created).isZero();
    Cluster c =
        new Cluster(dir, cli, created.out().lines().findFirst().orElseThrow().trim(), count);
    for (Node n : c.nodes) n.start();
    return c;
  }

  private Cluster(Path dir, Cli cli, String token, int count) throws IOException {
    this.dir = dir;
    this.cli = cli;
    this.token = token;
    this.db = cli.envValue("BATON_DB");
    for (int i = 0; i < count; i++) nodes.add(new Node(freePort(), "node" + (i + 1)));
  }

  // ---- what the database holds ------------------------------------------------------------------

  /** The run's journal in seq order. */
  List<Entry> journal(String run) throws SQLException, IOException {
    List<Entry> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db);
        PreparedStatement ps =
            c.prepareStatement("SELECT seq, time, data FROM events WHERE run = ? ORDER BY seq")) {
      ps.setString(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        List<JournalEntry> entries = new ArrayList<>();
        while (rs.next())
          JournalRows.read(run, rs.getLong(1), rs.getLong(2), rs.getString(3), 0, entries);
        for (JournalEntry e : entries)
          out.add(new Entry(e.seq(), e.event().type(), JSON.valueToTree(e.event())));
      }
    }
    return out;
  }

  /** How many events of {@code type} the journals of {@code runs} hold. */
  long count(String type, List<String> runs) throws SQLException {
    try (Connection c = DriverManager.getConnection(db);
        PreparedStatement ps =
            c.prepareStatement("SELECT run, seq, time, data FROM events WHERE run = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", runs.toArray()));
      List<JournalEntry> entries = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next())
          JournalRows.read(
              rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), 0, entries);
      }
      return entries.stream().filter(e -> e.event().type().equals(type)).count();
    }
  }

  /** Each run's state. */
  Map<String, String> states() throws SQLException {
    return column("SELECT run, state FROM runs WHERE state IS NOT NULL");
  }

  /** Each unfinished run's lease owner ({@code host/pid/start}), null when nobody holds it. */
  Map<String, String> leases() throws SQLException {
    return column(
        "SELECT run, lease_owner FROM runs WHERE state IS NOT NULL"
            + " AND state NOT IN ('SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'CANCELLED')");
  }

  /** Run to node as {@code baton runs --json} shows it (runs no node executes left out). */
  Map<String, String> nodesShownByCli() throws Exception {
    Cli.Result r = cli.baton("runs", "--json", "--limit", "0");
    assertThat(r.exit()).as("%s", r).isZero();
    return nodesOf(JSON.readTree(r.out()));
  }

  /** Run to node as node 1's {@code GET /api/v1/runs} shows it. */
  Map<String, String> nodesShownByApi() throws Exception {
    return nodesOf(JSON.readTree(nodes.get(0).get("/api/v1/runs").body()));
  }

  private static Map<String, String> nodesOf(JsonNode runs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode n : runs)
      if (!n.path("node").isNull()) out.put(n.path("run").asText(), n.path("node").asText());
    return out;
  }

  /** Granted claims (agent slots, resources): holder to owner. */
  Map<String, String> grantedClaims() throws SQLException {
    return column("SELECT holder, owner FROM claims WHERE granted IS NOT NULL");
  }

  /** Every claim, granted or waiting: holder to owner. */
  Map<String, String> claims() throws SQLException {
    return column("SELECT holder, owner FROM claims");
  }

  private Map<String, String> column(String sql) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(db);
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), rs.getString(2));
    }
    return out;
  }

  /**
   * Every run ended SUCCEEDED with a contiguous journal in which each step of the feature example
   * succeeded exactly once: a step restarted elsewhere after a kill or a pause is recorded once.
   */
  void assertEachRunSucceededRecordingEveryStepOnce(List<String> runs) throws Exception {
    Map<String, String> states = states();
    for (String run : runs) {
      assertThat(states.get(run)).as("state of %s", run).isEqualTo("SUCCEEDED");
      List<Entry> journal = journal(run);
      for (int i = 0; i < journal.size(); i++)
        assertThat(journal.get(i).seq()).as("journal of %s", run).isEqualTo(i + 1);
      Map<String, Integer> succeeded = new HashMap<>();
      for (Entry e : journal) {
        if (e.type().equals("StepSucceeded"))
          succeeded.merge(e.data().path("step").asText(), 1, Integer::sum);
      }
      assertThat(succeeded).as("steps succeeded in %s", run).hasSize(13);
      assertThat(succeeded.values()).as("each step of %s recorded once", run).containsOnly(1);
    }
  }

  /** The ticks of the schedule of {@code kind} claimed so far, in order, with who claimed each. */
  List<Entry> ticks(String kind) throws SQLException, IOException {
    return journal("baton:reviews:" + kind).stream()
        .filter(e -> e.type().equals("ReviewStarted"))
        .toList();
  }

  /**
   * Every tick of the review schedules fired once across the nodes: no tick of any kind claimed
   * twice unless every claim before the last was cut short by {@code kill -9} of its node (such a
   * review runs again, when no later tick is due), and the daily one (every minute, {@link
   * #EVERY_MINUTE}) claimed at every minute from its first tick to its last, none skipped while
   * nodes were killed and restarted. Each claimed tick finished, unless the node that claimed it is
   * one of {@code killed} (pids).
   */
  void assertEachTickFiredOnce(Set<Long> killed) throws Exception {
    // a review may be running right now: the assertion holds once it has finished
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertTicks(killed));
  }

  private void assertTicks(Set<Long> killed) throws Exception {
    for (String kind : List.of("daily", "weekly", "monthly")) {
      List<Entry> started = ticks(kind);
      java.util.Map<String, List<Entry>> claims = new java.util.LinkedHashMap<>();
      for (Entry e : started)
        claims
            .computeIfAbsent(e.data().path("tick").asText(), t -> new java.util.ArrayList<>())
            .add(e);
      for (var c : claims.entrySet())
        for (Entry before : c.getValue().subList(0, c.getValue().size() - 1))
          assertThat(killed)
              .as("%s tick %s claimed again after a claim by %s", kind, c.getKey(), before.data())
              .anyMatch(pid -> before.data().path("owner").asText().contains("/" + pid + "/"));
      Set<String> finished = new HashSet<>();
      for (Entry e : journal("baton:reviews:" + kind))
        if (e.type().equals("ReviewFinished")) finished.add(e.data().path("tick").asText());
      for (Entry e : started) {
        String tick = e.data().path("tick").asText();
        assertThat(e.data().path("owner").asText())
            .as("who fired %s", tick)
            .matches(".*/node[0-9]+");
        boolean cutShort =
            killed.stream()
                .anyMatch(pid -> e.data().path("owner").asText().contains("/" + pid + "/"));
        if (!cutShort)
          assertThat(finished).as("%s review of %s finished", kind, tick).contains(tick);
      }
    }
    List<Instant> daily =
        ticks("daily").stream()
            .map(e -> ZonedDateTime.parse(e.data().path("tick").asText()).toInstant())
            .distinct()
            .toList();
    assertThat(daily).as("daily ticks").isNotEmpty();
    for (int i = 1; i < daily.size(); i++)
      assertThat(Duration.between(daily.get(i - 1), daily.get(i)))
          .as("daily ticks %s: none skipped", daily)
          .isEqualTo(Duration.ofMinutes(1));
  }

  /** Waits up to 4 minutes for {@code condition}; on timeout, says what the cluster looks like. */
  void awaitOrExplain(String what, java.util.concurrent.Callable<Boolean> condition)
      throws Exception {
    try {
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          what
              + ": not within 4 minutes\nnodes: "
              + nodes.stream().map(n -> String.valueOf(n.process.pid())).toList()
              + "\nruns: "
              + states()
              + "\nleases: "
              + leases()
              + "\nclaims: "
              + claims()
              + "\n"
              + logs(),
          e);
    }
  }

  /** The nodes' standard error, for messages in assertions. */
  String logs() throws IOException {
    StringBuilder out = new StringBuilder();
    try (var logs = Files.list(dir.resolve("logs"))) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".err")).sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        out.append("== ").append(log.getFileName()).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 20), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      if (n.process == null) continue;
      n.process.process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      n.process.process.destroyForcibly();
    }
  }

  private static void copyExamples(Path dir) throws IOException {
    Path from = Cli.HOME.resolve("examples");
    Path to = Files.createDirectories(dir.resolve("examples/agents"));
    for (String f : List.of("feature.yaml", "agents.yaml"))
      Files.copy(from.resolve(f), dir.resolve("examples").resolve(f));
    try (var files = Files.list(from.resolve("agents"))) {
      for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
