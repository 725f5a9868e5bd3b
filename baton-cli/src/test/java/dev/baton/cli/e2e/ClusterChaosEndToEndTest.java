package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.store.LocalPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code baton serve} nodes on one PostgreSQL database execute runs of the feature example
 * started through the API while nodes are killed with {@code kill -9} and restarted at random
 * moments (seeded). Every run must end SUCCEEDED, every journal must be contiguous, and no attempt
 * of a step may be recorded as succeeded twice. The default build runs a short version; {@code
 * -Dbaton.chaos.runs=200 -Dbaton.chaos.kills=10} runs the long one.
 */
@EnabledIfSystemProperty(named = "baton.chaos", matches = "true")
class ClusterChaosEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RUNS = Integer.getInteger("baton.chaos.runs", 9);
  private static final int KILLS = Integer.getInteger("baton.chaos.kills", 2);
  private static final long SEED = Long.getLong("baton.chaos.seed", 7);

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Node> nodes = new ArrayList<>();
  private String token;

  private final class Node {
    final int port;
    Cli.Running process;

    Node(int port) {
      this.port = port;
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    void start(Cli cli) throws IOException {
      process = cli.start("serve", "--port", String.valueOf(port));
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(() -> get(this, "/api/v1/health").statusCode() == 200);
    }
  }

  @AfterEach
  void stopNodes() {
    for (Node n : nodes) if (n.process != null) n.process.process.destroyForcibly();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES) // the long version takes minutes
  void runs_end_once_each_while_nodes_sharing_one_postgresql_are_killed_at_random()
      throws Exception {
    Random random = new Random(SEED);
    Cli cli = Cli.in(dir).env("BATON_DB", LocalPostgres.get().newDatabase());
    copyExamples();
    // a short lease: a killed node's runs are taken over within seconds
    Files.writeString(dir.resolve("baton.yaml"), "cluster: { lease: 10s }\n");
    Cli.Result created = cli.baton("token", "create", "chaos", "--role", "operator");
    assertThat(created.exit()).as("%s", created).isZero();
    token = created.out().lines().findFirst().orElseThrow().trim();

    for (int i = 0; i < 3; i++) nodes.add(new Node(freePort()));
    for (Node n : nodes) n.start(cli);

    List<String> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      Node n = nodes.get(i % nodes.size());
      HttpResponse<String> r =
          post(
              n,
              "/api/v1/runs",
              "{\"workflow\": \"examples/feature.yaml\", \"inputs\": {\"feature\": \"chaos "
                  + i
                  + "\"}}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      runs.add(JSON.readTree(r.body()).path("run").asText());
    }

    // kill a random node once the runs have made progress since the last kill, then restart it
    Node survivor = nodes.getFirst();
    for (int k = 0; k < KILLS; k++) {
      int before = succeededSteps(survivor, runs);
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> succeededSteps(survivor, runs) >= before + 1 + random.nextInt(4));
      Node victim = nodes.get(1 + random.nextInt(nodes.size() - 1));
      victim.process.kill9();
      victim.start(cli);
    }

    try {
      await()
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> finished(survivor, runs) == runs.size());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("runs not finished:\n" + diagnostics(survivor, runs), e);
    }

    for (String run : runs) {
      JsonNode show = JSON.readTree(get(survivor, "/api/v1/runs/" + run).body());
      assertThat(show.path("state").asText()).as(run).isEqualTo("SUCCEEDED");
      List<JsonNode> events = events(survivor, run);
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).path("seq").asLong()).as("journal of %s", run).isEqualTo(i + 1);
      }
      Set<String> succeeded = new HashSet<>();
      for (JsonNode e : events) {
        if (e.path("type").asText().equals("StepSucceeded")) {
          String key = e.path("step").asText() + "#" + e.path("attempt").asText();
          assertThat(succeeded.add(key)).as("%s recorded twice in %s", key, run).isTrue();
        }
      }
    }
  }

  /** The runs' states, the last events of unfinished ones and the nodes' error logs. */
  private String diagnostics(Node n, List<String> runs) throws Exception {
    StringBuilder out = new StringBuilder(get(n, "/api/v1/runs").body()).append('\n');
    for (String run : runs) {
      List<JsonNode> events = events(n, run);
      out.append(run).append(": ");
      for (JsonNode e : events.subList(Math.max(0, events.size() - 6), events.size())) {
        out.append(e).append('\n');
      }
    }
    try (var logs = Files.list(dir.resolve("logs"))) {
      for (Path log : logs.filter(p -> p.toString().endsWith(".err")).sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        out.append("== ").append(log.getFileName()).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 15), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      }
    }
    return out.toString();
  }

  private int succeededSteps(Node n, List<String> runs) throws Exception {
    int count = 0;
    for (String run : runs) {
      for (JsonNode e : events(n, run)) {
        if (e.path("type").asText().equals("StepSucceeded")) count++;
      }
    }
    return count;
  }

  private int finished(Node n, List<String> runs) throws Exception {
    JsonNode all = JSON.readTree(get(n, "/api/v1/runs").body());
    Map<String, String> state = new HashMap<>();
    for (JsonNode r : all) state.put(r.path("run").asText(), r.path("state").asText());
    int done = 0;
    for (String run : runs) {
      String s = state.getOrDefault(run, "");
      if (Set.of("SUCCEEDED", "FAILED", "ROLLED_BACK", "CANCELLED").contains(s)) done++;
    }
    return done;
  }

  private List<JsonNode> events(Node n, String run) throws Exception {
    HttpResponse<String> r = get(n, "/api/v1/runs/" + run + "/events");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.body().lines().toList()) if (!line.isBlank()) out.add(JSON.readTree(line));
    return out;
  }

  private HttpResponse<String> get(Node n, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(n.uri(path)).timeout(Duration.ofSeconds(30));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(Node n, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(n.uri(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void copyExamples() throws IOException {
    Path from = Cli.HOME.resolve("examples");
    Path to = Files.createDirectories(dir.resolve("examples/agents"));
    for (String f : List.of("feature.yaml", "agents.yaml")) {
      Files.copy(from.resolve(f), dir.resolve("examples").resolve(f));
    }
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
