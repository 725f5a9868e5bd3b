package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentApiTest {
  @TempDir Path dir;

  @Test
  void an_attempt_reports_through_its_token_which_is_void_once_it_ends() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, Map.of())) {
      Path agent =
          f.write(
              "remote.sh",
              """
              #!/bin/sh
              echo "$BATON_API $BATON_TOKEN" > "$BATON_RUN.env"
              while [ ! -f release ]; do sleep 0.1; done
              """);
      Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwx------"));
      f.write(
          "agents.yaml",
          """
          agents:
            remote: { command: ["./remote.sh"], capabilities: [api] }
          """);
      f.write(
          "remote.yaml",
          """
          name: remote
          phases:
            - name: work
              mode: sequential
              steps:
                - { id: build, agent: remote, task: Build it }
          """);
      String run = f.start("{\"workflow\": \"remote.yaml\", \"id\": \"r-1\"}");
      Path env = dir.resolve(run + ".env");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(env) && Files.size(env) > 0);
      String[] parts = Files.readString(env).strip().split(" ");
      assertThat(parts[0]).isEqualTo(f.server.uri());
      String token = parts[1];

      assertThat(
              f.post(
                      "/api/v1/attempts/status",
                      token,
                      "{\"progress\": 40, \"message\": \"halfway\"}")
                  .statusCode())
          .isEqualTo(202);
      assertThat(
              f.post(
                      "/api/v1/attempts/finding",
                      token,
                      "{\"tags\": [\"security\"], \"summary\": \"token in logs\"}")
                  .statusCode())
          .isEqualTo(202);
      assertThat(
              f.post("/api/v1/attempts/handoff", token, "{\"completedWork\": \"built\"}")
                  .statusCode())
          .isEqualTo(202);
      assertThat(
              f.post("/api/v1/attempts/output", token, "{\"artifact\": \"app.jar\"}").statusCode())
          .isEqualTo(202);
      var bad = f.post("/api/v1/attempts/status", token, "{\"progress\": 140}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(ServerFixture.json(bad).path("detail").asText()).contains("progress");
      // an attempt's token reaches nothing else; a person's token does not reach the agent API
      assertThat(f.get("/api/v1/runs", token).statusCode()).isEqualTo(403);
      assertThat(f.post("/api/v1/runs/r-1/cancel", token, "").statusCode()).isEqualTo(403);
      assertThat(f.post("/api/v1/attempts/status", f.admin(), "{\"progress\": 1}").statusCode())
          .isEqualTo(403);

      Files.writeString(dir.resolve("release"), "");
      await().atMost(Duration.ofSeconds(30)).until(() -> f.state(run).equals("SUCCEEDED"));
      JsonNode show = ServerFixture.json(f.get("/api/v1/runs/r-1", f.admin()));
      assertThat(show.path("steps").get(0).path("output").path("artifact").asText())
          .isEqualTo("app.jar");
      assertThat(show.path("findings").toString()).contains("security");
      String events = f.get("/api/v1/runs/r-1/events", f.admin()).body();
      assertThat(events)
          .contains("StatusReported")
          .contains("\"progress\":40")
          .contains("FindingReported")
          .contains("ProtocolWarning");

      var late = f.post("/api/v1/attempts/status", token, "{\"progress\": 90}");
      assertThat(late.statusCode()).isEqualTo(401);
      assertThat(f.attempts.open()).isZero();
      assertThat(f.get("/api/v1/runs/r-1/events", f.admin()).body())
          .doesNotContain("\"progress\":90");
    }
  }
}
