package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http} agents through {@code ./baton run} (docs/agent-protocols.md): a plain JSON agent and
 * an A2A agent, both real HTTP servers on loopback.
 */
class HttpAgentsEndToEndTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void json_and_a2a_agents_perform_steps_and_their_results_flow_on() throws Exception {
    List<JsonNode> seen = new CopyOnWriteArrayList<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/review",
        ex -> {
          JsonNode handoff = JSON.readTree(ex.getRequestBody().readAllBytes());
          seen.add(handoff);
          byte[] out =
              ("{\"output\": {\"verdict\": \"approve\", \"of\": "
                      + JSON.writeValueAsString(handoff.path("task").asText())
                      + "}, \"findings\": [{\"tags\": [\"style\"], \"summary\": \"long lines\"}]}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.createContext(
        "/a2a",
        ex -> {
          JsonNode rpc = JSON.readTree(ex.getRequestBody().readAllBytes());
          seen.add(rpc);
          String task = rpc.at("/params/message/parts/1/data/task").asText();
          byte[] out =
              ("{\"jsonrpc\": \"2.0\", \"id\": "
                      + rpc.path("id")
                      + ", \"result\": {\"kind\": \"task\", \"id\": \"t1\", \"status\": {\"state\":"
                      + " \"completed\"}, \"artifacts\": [{\"artifactId\": \"a\", \"parts\":"
                      + " [{\"kind\": \"data\", \"data\": {\"deployed\": "
                      + JSON.writeValueAsString(task)
                      + "}}]}]}}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Cli cli = Cli.in(dir).env("E2E_REVIEW_TOKEN", "rt-1");
      Path wf =
          cli.workflow(
              "remote",
              """
              name: remote
              agents:
                reviewer: { http: { url: "BASE/review", token: "${secret:E2E_REVIEW_TOKEN}" } }
                deployer: { http: { url: "BASE/a2a", protocol: a2a, timeout: 30s } }
              phases:
                - name: ship
                  mode: sequential
                  steps:
                    - { id: review, agent: reviewer, task: "Review PR 7" }
                    - { id: deploy, agent: deployer, task: "Deploy after {{steps.review.output.verdict}}" }
              """
                  .replace("BASE", base));

      assertThat(cli.baton("validate", wf.toString()).exit()).isZero();
      Cli.Result r = cli.baton("run", wf.toString(), "--id", "h1");

      assertThat(r.exit()).as("%s", r).isZero();
      JsonNode show = cli.json("show", "h1", "--json");
      assertThat(show.path("steps").get(0).path("output").path("of").asText())
          .isEqualTo("Review PR 7");
      assertThat(show.path("steps").get(1).path("output").path("deployed").asText())
          .isEqualTo("Deploy after approve");
      assertThat(ofType(cli.events("h1"), "FindingReported")).hasSize(1);
      assertThat(seen.get(1).path("method").asText()).isEqualTo("message/send");
    } finally {
      server.stop(0);
    }
  }
}
