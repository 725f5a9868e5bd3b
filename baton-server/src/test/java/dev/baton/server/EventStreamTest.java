package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.agent.Outcome;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStreamTest {
  @TempDir Path dir;
  ServerFixture f;
  final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    f =
        new ServerFixture(
            dir,
            Map.of(
                "gate",
                (h, a) -> {
                  if (!gate(a.step()).await(60, TimeUnit.SECONDS)) return Outcome.failed("gate");
                  return Outcome.succeeded(Map.of("step", a.step()));
                }));
    f.write(
        "gated.yaml",
        """
        name: gated
        phases:
          - name: one
            mode: sequential
            steps:
              - { id: a, agent: gate, task: first }
              - { id: b, agent: gate, task: second }
              - { id: c, agent: gate, task: third }
        """);
  }

  @AfterEach
  void stop() {
    gates.values().forEach(CountDownLatch::countDown);
    f.close();
  }

  CountDownLatch gate(String step) {
    return gates.computeIfAbsent(step, k -> new CountDownLatch(1));
  }

  /** One SSE connection: the ids it received, in order. */
  final class Sse implements AutoCloseable {
    final List<Long> ids = new ArrayList<>();
    final List<String> data = new ArrayList<>();
    final InputStream body;
    final BufferedReader in;

    Sse(String run, String lastEventId) throws Exception {
      HttpRequest.Builder r =
          HttpRequest.newBuilder(URI.create(f.server.uri() + "/api/v1/runs/" + run + "/events"))
              .header("Accept", "text/event-stream")
              .header("Authorization", "Bearer " + f.token.get(Role.VIEWER));
      if (lastEventId != null) r.header("Last-Event-ID", lastEventId);
      HttpResponse<InputStream> resp =
          f.http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      body = resp.body();
      in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** Reads events until one whose data contains {@code marker}. */
    void readUntil(String marker) throws Exception {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("id: ")) ids.add(Long.parseLong(line.substring(4)));
        if (line.startsWith("data: ")) {
          data.add(line.substring(6));
          if (line.contains(marker)) return;
        }
      }
      throw new AssertionError("the stream ended before " + marker);
    }

    @Override
    public void close() throws java.io.IOException {
      body.close();
    }
  }

  @Test
  void a_client_that_reconnects_with_last_event_id_gets_every_event_once() throws Exception {
    String run = f.start("{\"workflow\": \"gated.yaml\", \"id\": \"g-1\"}");
    List<Long> all = new ArrayList<>();
    try (Sse first = new Sse(run, null)) {
      first.readUntil("\"step\":\"a\"");
      first.readUntil("HandoffSent");
      all.addAll(first.ids);
    }
    // events happen while no client listens
    gate("a").countDown();
    gate("b").countDown();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> f.get("/api/v1/runs/g-1/events", f.admin()).body().contains("\"step\":\"c\""));
    try (Sse second = new Sse(run, Long.toString(all.getLast()))) {
      gate("c").countDown();
      second.readUntil("RunSucceeded");
      all.addAll(second.ids);
    }
    long total = f.get("/api/v1/runs/g-1/events", f.admin()).body().lines().count();
    assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
  }

  @Test
  void a_stream_of_a_finished_run_replays_it_after_the_given_id() throws Exception {
    String run = finishedRun();
    try (Sse s = new Sse(run, "3")) {
      s.readUntil("RunSucceeded");
      assertThat(s.ids.getFirst()).isEqualTo(4);
      assertThat(f.server.streams()).isEqualTo(1);
    }
  }

  @Test
  void a_stream_whose_client_hangs_up_is_let_go_without_waiting_for_its_run() throws Exception {
    String run = f.start("{\"workflow\": \"gated.yaml\", \"id\": \"g-2\"}");
    Sse s = new Sse(run, null);
    s.readUntil("RunStarted");
    assertThat(openStreams()).isEqualTo(1);
    // the run stays at its first step: nothing is sent to the stream but keep-alives
    s.close();
    await().atMost(Duration.ofMinutes(1)).until(() -> openStreams() == 0);
    assertThat(f.server.streams()).isZero();
  }

  @Test
  void a_stream_of_a_finished_run_whose_client_hangs_up_is_let_go_too() throws Exception {
    String run = finishedRun();
    Sse s = new Sse(run, null);
    s.readUntil("RunSucceeded");
    assertThat(openStreams()).isEqualTo(1);
    // the run is not executing: its stream looks at the store each second and finds nothing new,
    // and the keep-alive must still reach the client to find it gone
    s.close();
    await().atMost(Duration.ofMinutes(1)).until(() -> openStreams() == 0);
  }

  @Test
  void a_dashboard_change_stream_whose_client_hangs_up_is_let_go_too() throws Exception {
    HttpResponse<InputStream> resp =
        f.http.send(
            HttpRequest.newBuilder(URI.create(f.server.uri() + "/ui/changes"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + f.token.get(Role.VIEWER))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(resp.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofMinutes(1)).until(() -> gauge("baton_server_dashboard_streams") == 1);
    // no run changes: nothing is sent to it but keep-alives
    resp.body().close();
    await().atMost(Duration.ofMinutes(1)).until(() -> gauge("baton_server_dashboard_streams") == 0);
  }

  /** A run of the gated workflow, let through and finished. */
  private String finishedRun() throws Exception {
    gate("a").countDown();
    gate("b").countDown();
    gate("c").countDown();
    String run = f.start("{\"workflow\": \"gated.yaml\"}");
    await().atMost(Duration.ofSeconds(30)).until(() -> f.state(run).equals("SUCCEEDED"));
    return run;
  }

  /** {@code baton_server_streams} as {@code /metrics} shows it. */
  private long openStreams() throws Exception {
    return gauge("baton_server_streams");
  }

  private long gauge(String name) throws Exception {
    String metrics = f.get("/metrics", f.token.get(Role.VIEWER)).body();
    var m =
        java.util.regex.Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? (\\S+)$").matcher(metrics);
    assertThat(m.find()).as(metrics).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
