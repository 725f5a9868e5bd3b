package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short soak of {@code baton serve} (the long one is {@code bench/serve-soak.sh},
 * docs/benchmarks.md): a few hundred runs through its HTTP API as clients use it — start, follow
 * the journal live over SSE until the run ends, show — and the server's live heap (what {@code jcmd
 * PID GC.class_histogram} counts after its full collection) must not grow with the number of runs.
 * No timing is involved: the runs take as long as the machine needs.
 */
class ServeSoakEndToEndTest {
  private static final int WARM_UP = 100;
  private static final int RUNS = 300;

  /**
   * What the live heap may grow from after the warm-up to the end: 12 MB, about 40 KB per measured
   * run — less than a run's journal (a run that stayed reachable would hold its entries, states and
   * stream buffers), more than what caches, class loading and the compiler add by chance.
   */
  private static final long MARGIN = 12_000_000;

  private static final Pattern RUN = Pattern.compile("\"run\"\\s*:\\s*\"([^\"]+)\"");

  @TempDir Path dir;
  private Served server;
  private String token;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void stop() {
    if (server != null) server.close();
    http.close();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void the_servers_live_heap_does_not_grow_with_the_runs_it_has_served() throws Exception {
    Cli cli = Cli.in(dir);
    cli.workflow(
        "soak",
        """
        name: soak
        agents:
          worker: { capacity: 1000, command: [/bin/true] }
        phases:
          - name: work
            mode: sequential
            steps:
              - { id: one, agent: worker, task: go }
              - { id: two, agent: worker, task: go }
        """);
    token = Served.token(cli, "soak", "operator");
    server = Served.start(cli);

    push(WARM_UP);
    long warm = liveHeap();
    push(RUNS);
    long end = liveHeap();
    System.out.printf(
        "live heap of baton serve: %.1f MB after %d runs, %.1f MB after %d more%n",
        warm / 1e6, WARM_UP, end / 1e6, RUNS);

    assertThat(end - warm)
        .as(
            "live heap after %d runs %.1f MB, after %d more %.1f MB",
            WARM_UP, warm / 1e6, RUNS, end / 1e6)
        .isLessThan(MARGIN);
    assertThat(server.json("/api/v1/runs", token)).hasSize(WARM_UP + RUNS);
  }

  /** {@code n} runs by 4 clients, each starting its next run when its previous one ended. */
  private void push(int n) throws Exception {
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      var futures = new java.util.ArrayList<Future<?>>();
      for (int c = 0; c < 4; c++)
        futures.add(
            clients.submit(() -> {
              while (next.getAndIncrement() < n) oneRun();
              return null;
            }));
      for (Future<?> f : futures) f.get();
    }
  }

  /** Start, follow the run's events until it ends, show. */
  private void oneRun() throws Exception {
    HttpResponse<String> started =
        http.send(
            request("/api/v1/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"soak.yaml\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher m = RUN.matcher(started.body());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    assertThat(m.find()).isTrue();
    String run = m.group(1);
    HttpResponse<InputStream> events =
        http.send(
            request("/api/v1/runs/" + run + "/events")
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    String last = "";
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("data:")) continue;
        last = line;
        if (line.contains("\"RunSucceeded\"") || line.contains("\"RunFailed\"")) break;
      }
    }
    assertThat(last).as(run).contains("\"RunSucceeded\"");
    HttpResponse<String> shown =
        http.send(
            request("/api/v1/runs/" + run).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.body()).contains("\"state\":\"SUCCEEDED\"");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.url() + path))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token);
  }

  /**
   * The smaller of two looks at the server's live objects (a collection may leave some behind),
   * once it holds nothing for clients: no run executing, no journal stream open (a stream whose
   * client hung up is found by the server's next keep-alive).
   */
  private long liveHeap() throws Exception {
    // a bound for a machine busy with other work, not a figure: the server lets a stream go
    // within seconds of its client hanging up
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> {
          String metrics = server.text("/metrics", token);
          assertThat(
                  List.of(
                      gauge(metrics, "baton_server_streams"),
                      gauge(metrics, "baton_server_executing")))
              .as("open streams and runs executing")
              .containsExactly(0.0, 0.0);
        });
    long first = histogramTotal();
    return Math.min(first, histogramTotal());
  }

  private static double gauge(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
    assertThat(m.find()).as("%s in %s", name, metrics).isTrue();
    return Double.parseDouble(m.group(2));
  }

  /** Bytes of live objects in the server: the total of {@code jcmd PID GC.class_histogram}. */
  private long histogramTotal() throws Exception {
    long pid = server.process().pid();
    Path java = Path.of(ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElseThrow());
    Process p =
        new ProcessBuilder(
                java.resolveSibling("jcmd").toString(), Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    String total = out.lines().filter(l -> l.startsWith("Total")).reduce((a, b) -> b).orElseThrow();
    return Long.parseLong(total.strip().split("\\s+")[2]);
  }
}
