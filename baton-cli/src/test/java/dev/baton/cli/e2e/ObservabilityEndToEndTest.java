package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenTelemetry and Prometheus through {@code ./baton}: spans exported over OTLP to a real receiver
 * on loopback when {@code OTEL_*} says so, {@code TRACEPARENT} handed to command agents, and the
 * Prometheus exposition following the naming conventions.
 */
class ObservabilityEndToEndTest {
  private static Path workflow(Cli cli) throws Exception {
    return cli.workflow(
        "traced",
        """
        name: traced
        agents:
          worker:
            command: ["sh", "-c", "printf '%s' \\"$TRACEPARENT\\" > \\"$BATON_TEST_MARKERS/$BATON_STEP.traceparent\\""]
        phases:
          - name: work
            mode: sequential
            steps:
              - { id: first, agent: worker, task: one }
              - { id: second, agent: worker, task: two }
        """);
  }

  @Test
  void agents_get_a_traceparent_and_spans_reach_an_otlp_receiver(@TempDir Path dir)
      throws Exception {
    List<byte[]> received = new CopyOnWriteArrayList<>();
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          exchange.getRequestBody().transferTo(body);
          received.add(body.toByteArray());
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      Cli cli =
          Cli.in(dir)
              .env(
                  "OTEL_EXPORTER_OTLP_ENDPOINT",
                  "http://127.0.0.1:" + collector.getAddress().getPort())
              .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
              .env("OTEL_SERVICE_NAME", "baton-e2e");
      Cli.Result r = cli.baton("run", workflow(cli).toString(), "--id", "traced-1");
      assertThat(r.exit()).as("%s", r).isZero();

      String first = cli.markerText("first.traceparent");
      String second = cli.markerText("second.traceparent");
      assertThat(first).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
      assertThat(second.substring(0, 36)).as("one trace per run").isEqualTo(first.substring(0, 36));
      assertThat(second).isNotEqualTo(first);

      // the exporter flushed before the process ended: protobuf keeps strings as UTF-8
      String all =
          String.join(
              "\n",
              received.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList());
      assertThat(all)
          .contains("baton-e2e", "run traced", "phase work", "step first", "step second")
          .contains("traced-1");
      String spanId = first.substring(36, 52);
      assertThat(all).contains(hexBytes(spanId));
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void without_otel_variables_nothing_is_exported_and_prometheus_names_follow_conventions(
      @TempDir Path dir) throws Exception {
    Cli cli = Cli.in(dir);
    assertThat(cli.baton("run", workflow(cli).toString()).exit()).isZero();
    Cli.Result prom = cli.baton("metrics", "--prometheus");
    assertThat(prom.exit()).as("%s", prom).isZero();
    String text = prom.out();
    assertThat(text)
        .contains("baton_agent_tasks{agent=\"worker\"} 2.0")
        .contains("baton_agent_task_success_ratio{agent=\"worker\"} 1.0")
        .contains("baton_agent_task_type_tasks{agent=\"worker\",task_type=\"first\"} 1.0")
        .contains(
            "baton_step_attempts_seconds_bucket{agent=\"worker\",outcome=\"succeeded\",le=\"+Inf\"} 2")
        .doesNotContain("task_type=\"*\"", "_percent", "_minutes");
    for (String line : text.lines().filter(l -> l.startsWith("# TYPE ")).toList()) {
      String name = line.split(" ")[2];
      assertThat(text).as("HELP of %s", name).containsPattern("# HELP " + name + " \\S");
      if (line.endsWith(" counter")) assertThat(name).endsWith("_total");
    }
    assertThat(Files.exists(dir.resolve("markers/first.traceparent"))).isTrue();
  }

  /** The raw bytes a protobuf message holds for a hex id, as ISO-8859-1 text. */
  private static String hexBytes(String hex) {
    byte[] b = java.util.HexFormat.of().parseHex(hex);
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
