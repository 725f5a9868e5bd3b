package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton metrics}, {@code feedback} and {@code alerts} driven as a user drives them, after
 * real example runs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MonitoringE2ETest {
  private static final Path HOME = Path.of(System.getProperty("baton.home", ".")).toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private Result baton(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(HOME.resolve("baton").toString()));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--db", dir.resolve("b.db").toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("BATON_DEMO_SPEED", "0");
    pb.environment().remove("BATON_DB");
    pb.environment().remove("BATON_CONFIG");
    pb.redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), read("out.txt"), read("err.txt"));
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private static JsonNode row(JsonNode rows, String agent, String taskType) {
    for (JsonNode r : rows) {
      if (r.path("agent").asText().equals(agent)
          && (taskType == null
              ? r.path("taskType").isNull()
              : r.path("taskType").asText().equals(taskType))) {
        return r;
      }
    }
    throw new AssertionError("no row " + agent + "/" + taskType + " in " + rows);
  }

  @Test
  void metrics_feedback_and_alerts_after_runs_of_the_feature_example() throws Exception {
    Path workflow = Cli.copyExamples(dir).resolve("feature.yaml");
    assertThat(baton("run", workflow.toString(), "--json").code()).isZero();
    Result failing = baton("run", workflow.toString(), "-i", "fail=api", "--json");
    assertThat(failing.code()).isZero();
    String run = JSON.readTree(failing.out()).path("run").asText();

    JsonNode m = JSON.readTree(baton("metrics", "--json").out());
    JsonNode api = row(m, "api", "websocket-api");
    assertThat(api.path("tasks").asInt())
        .isEqualTo(3); // one success, then a failure and its retry's success
    assertThat(api.path("taskSuccess").asDouble()).isEqualTo(66.67);
    assertThat(api.path("qualityScore").isNull()).isTrue();
    assertThat(row(m, "api", null).path("tasks").asInt()).isEqualTo(3);
    assertThat(row(m, "database", null).path("taskSuccess").asDouble()).isEqualTo(100.0);
    assertThat(row(m, "api", null).fieldNames())
        .toIterable()
        .containsExactly(
            "agent",
            "taskType",
            "tasks",
            "taskSuccess",
            "avgCompletionTime",
            "escalationRate",
            "qualityScore",
            "collaborationScore",
            "userSatisfaction");

    assertThat(
            baton("feedback", run, "--step", "websocket-api", "--quality", "5", "--by", "reviewer")
                .code())
        .isZero();
    assertThat(baton("feedback", run, "--satisfaction", "9").code()).isZero();
    Result bad = baton("feedback", run, "--quality", "11");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("quality must be from 1 to 10");
    assertThat(baton("feedback", run, "--step", "nope", "--quality", "3").code()).isEqualTo(2);

    m = JSON.readTree(baton("metrics", "--json", "--agent", "api").out());
    assertThat(m).hasSize(2);
    assertThat(row(m, "api", "websocket-api").path("qualityScore").asDouble()).isEqualTo(5.0);
    assertThat(row(m, "api", "websocket-api").path("userSatisfaction").asDouble()).isEqualTo(9.0);
    assertThat(row(m, "api", null).path("userSatisfaction").asDouble()).isEqualTo(9.0);

    Result alerts = baton("alerts", "--json");
    assertThat(alerts.code()).isZero();
    JsonNode list = JSON.readTree(alerts.out());
    assertThat(list).hasSize(1);
    JsonNode a = list.get(0);
    assertThat(a.path("rule").asText()).isEqualTo("low-quality");
    assertThat(a.path("agent").asText()).isEqualTo("api");
    assertThat(a.path("taskType").asText()).isEqualTo("websocket-api");
    assertThat(a.path("state").asText()).isEqualTo("open");
    assertThat(a.path("value").asDouble()).isEqualTo(5.0);
    assertThat(a.path("threshold").asDouble()).isEqualTo(7.0);
    assertThat(a.path("run").isNull()).isTrue();
    assertThat(a.path("resolved").isNull()).isTrue();

    assertThat(baton("metrics", "--window", "soon").code()).isEqualTo(2);
    Files.writeString(
        dir.resolve("baton.yaml"), "monitoring:\n  rules:\n    low-qualty: {threshold: 5}\n");
    Result broken = baton("alerts");
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains("baton.yaml").contains("monitoring.rules.low-qualty");
    Files.writeString(
        dir.resolve("baton.yaml"), "monitoring:\n  rules:\n    low-quality: {threshold: 4}\n");
    JsonNode resolved = JSON.readTree(baton("alerts", "--json").out());
    assertThat(resolved.get(0).path("state").asText()).isEqualTo("resolved"); // 5 is not below 4

    Result table = baton("metrics");
    assertThat(table.out()).contains("AGENT / TASK TYPE").contains("websocket-api").contains("67%");
    Result prom = baton("metrics", "--prometheus");
    assertThat(prom.out())
        .contains("baton_agent_task_type_tasks{agent=\"api\",task_type=\"websocket-api\"}")
        .contains("baton_runs{state=\"SUCCEEDED\"} 2.0")
        .contains("baton_step_attempts_seconds_count");
  }
}
