package dev.baton.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.baton.journal.EventCodec;
import dev.baton.metrics.Alert;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a real HTTP server on the loopback interface. */
class WebhookSinkTest {
  HttpServer server;
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final List<String> auth = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  volatile int failWith = 500;
  final List<Duration> pauses = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          auth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          int status = failuresLeft.getAndDecrement() > 0 ? failWith : 204;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private WebhookSink sink(int retries) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    return new WebhookSink(
        new MonitoringConfig.SinkSettings.Webhook(
            url,
            retries,
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Map.of("Authorization", "Bearer t0k")),
        pauses::add);
  }

  private static AlertNotice notice() {
    Alert a =
        new Alert(
            "A7",
            "failure-rate",
            Alert.Subject.agent("api", Optional.of("impl")),
            true,
            40,
            20,
            "api on impl: 2 of 5 attempts failed",
            Instant.parse("2026-03-02T10:00:00Z"),
            Optional.empty());
    return new AlertNotice(AlertNotice.Change.RAISED, a);
  }

  @Test
  void posts_the_alert_as_json_with_the_configured_headers() throws Exception {
    try (WebhookSink sink = sink(3)) {
      assertThat(sink.deliver(notice()).get(10, TimeUnit.SECONDS)).isTrue();
    }
    JsonNode body = EventCodec.mapper().readTree(bodies.getFirst());
    assertThat(body.path("change").asText()).isEqualTo("raised");
    assertThat(body.path("alert").path("id").asText()).isEqualTo("A7");
    assertThat(body.path("alert").path("rule").asText()).isEqualTo("failure-rate");
    assertThat(body.path("alert").path("agent").asText()).isEqualTo("api");
    assertThat(body.path("alert").path("state").asText()).isEqualTo("open");
    assertThat(body.path("alert").path("resolved").isNull()).isTrue();
    assertThat(auth).containsExactly("Bearer t0k");
    assertThat(pauses).isEmpty();
  }

  @Test
  void retries_server_errors_with_doubling_backoff_until_accepted() throws Exception {
    failuresLeft.set(2);
    try (WebhookSink sink = sink(3)) {
      assertThat(sink.deliver(notice()).get(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(bodies).hasSize(3);
    assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void gives_up_after_the_retries() throws Exception {
    failuresLeft.set(10);
    try (WebhookSink sink = sink(2)) {
      assertThat(sink.deliver(notice()).get(10, TimeUnit.SECONDS)).isFalse();
    }
    assertThat(bodies).hasSize(3);
  }

  @Test
  void does_not_retry_a_client_error() throws Exception {
    failuresLeft.set(10);
    failWith = 400;
    try (WebhookSink sink = sink(3)) {
      assertThat(sink.deliver(notice()).get(10, TimeUnit.SECONDS)).isFalse();
    }
    assertThat(bodies).hasSize(1);
  }

  @Test
  void retries_when_nothing_listens_and_then_gives_up() throws Exception {
    server.stop(0);
    try (WebhookSink sink = sink(1)) {
      assertThat(sink.deliver(notice()).get(20, TimeUnit.SECONDS)).isFalse();
    }
    assertThat(pauses).containsExactly(Duration.ofSeconds(1));
  }
}
