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

/** Drives the real {@code ./baton} launcher as a user does. */
class CliEndToEndTest {
  static final Path HOME = Path.of(System.getProperty("baton.home", "..")).toAbsolutePath().normalize();

  record Result(int exit, String out, String err) {
    /** Standard error without the launcher's build notice and the JVM's own warnings. */
    List<String> diagnostics() {
      return err.lines().filter(l -> !l.startsWith("baton: building") && !l.startsWith("WARNING: ")).toList();
    }
  }

  static Result baton(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("baton").toString()));
    command.addAll(List.of(args));
    Path outFile = Files.createTempFile("baton-out", ".txt");
    Path errFile = Files.createTempFile("baton-err", ".txt");
    Process p = new ProcessBuilder(command).directory(HOME.toFile())
        .redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("baton finished").isTrue();
    Result r = new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8), Files.readString(errFile, StandardCharsets.UTF_8));
    Files.delete(outFile);
    Files.delete(errFile);
    return r;
  }

  @Test
  void validate_accepts_every_example() throws Exception {
    Result r = baton("validate", "examples/feature.yaml", "examples/bug-fix.yaml", "examples/performance.yaml", "examples/agents.yaml");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines()).containsExactly(
        "examples/feature.yaml: ok", "examples/bug-fix.yaml: ok", "examples/performance.yaml: ok", "examples/agents.yaml: ok");
  }

  @Test
  void validate_reports_invalid_files_with_positions_and_exits_2_without_a_stack_trace() throws Exception {
    String dir = "baton-core/src/test/resources/invalid/";
    Result r = baton("validate", dir + "unknown-key.yaml", dir + "many-problems.yaml", dir + "unparsable-yaml.yaml", "examples/feature.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.diagnostics()).containsExactly(
        dir + "unknown-key.yaml:11:9: unknown key 'timout' in step 'compile': did you mean 'timeout'?",
        dir + "many-problems.yaml:2:9: 'budget' of the workflow needs a unit: write e.g. '90m' or '90s'",
        dir + "many-problems.yaml:10:16: unknown agent 'qa' in step 'compile': known agents are dev, meta (and primary, supporting)",
        dir + "many-problems.yaml:11:24: unknown input 'nope': declare it under 'inputs:' (in {{inputs.nope}} of 'task' of step 'compile')",
        dir + "many-problems.yaml:12:18: 'retries' of step 'compile' must be a whole number of at least 0, not '-1'",
        dir + "unparsable-yaml.yaml:4:22: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out().lines()).containsExactly("examples/feature.yaml: ok");
  }

  @Test
  void validate_of_a_missing_file_exits_2_with_a_clear_message() throws Exception {
    Result r = baton("validate", "examples/nope.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.diagnostics()).containsExactly("examples/nope.yaml:1:1: no such file");
  }

  @Test
  void schema_prints_valid_json() throws Exception {
    Result r = baton("schema");
    assertThat(r.exit()).isZero();
    JsonNode schema = new ObjectMapper().readTree(r.out());
    assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.path("properties").has("phases")).isTrue();
  }
}
