package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Drives the real {@code ./baton} launcher as a user does. */
class CliEndToEndTest {
  static Cli.Result baton(String... args) throws Exception {
    return Cli.inHome().baton(args);
  }

  @Test
  void validate_accepts_every_example() throws Exception {
    Cli.Result r =
        baton(
            "validate",
            "examples/feature.yaml",
            "examples/bug-fix.yaml",
            "examples/performance.yaml",
            "examples/agents.yaml");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "examples/feature.yaml: ok",
            "examples/bug-fix.yaml: ok",
            "examples/performance.yaml: ok",
            "examples/agents.yaml: ok");
  }

  @Test
  void validate_reports_invalid_files_with_positions_and_exits_2_without_a_stack_trace()
      throws Exception {
    String dir = "baton-core/src/test/resources/invalid/";
    Cli.Result r =
        baton(
            "validate",
            dir + "unknown-key.yaml",
            dir + "many-problems.yaml",
            dir + "unparsable-yaml.yaml",
            "examples/feature.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.diagnostics())
        .containsExactly(
            dir
                + "unknown-key.yaml:11:9: unknown key 'timout' in step 'compile': did you mean 'timeout'?",
            dir
                + "many-problems.yaml:2:9: 'budget' of the workflow needs a unit: write e.g. '90m' or '90s'",
            dir
                + "many-problems.yaml:10:16: unknown agent 'qa' in step 'compile': known agents are dev, meta (and primary, supporting)",
            dir
                + "many-problems.yaml:11:24: unknown input 'nope': declare it under 'inputs:' (in {{inputs.nope}} of 'task' of step 'compile')",
            dir
                + "many-problems.yaml:12:18: 'retries' of step 'compile' must be a whole number of at least 0, not '-1'",
            dir
                + "unparsable-yaml.yaml:4:22: not valid YAML: while parsing a flow sequence: expected ',' or ']', but got <stream end>");
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out().lines()).containsExactly("examples/feature.yaml: ok");
  }

  @Test
  void validate_of_a_missing_file_exits_2_with_a_clear_message() throws Exception {
    Cli.Result r = baton("validate", "examples/nope.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.diagnostics()).containsExactly("examples/nope.yaml:1:1: no such file");
  }

  @Test
  void schema_prints_valid_json() throws Exception {
    Cli.Result r = baton("schema");
    assertThat(r.exit()).isZero();
    JsonNode schema = new ObjectMapper().readTree(r.out());
    assertThat(schema.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.path("properties").has("phases")).isTrue();
  }
}
