package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped JSON Schema accepts every example and rejects the invalid fixtures it can see. */
class SchemaTest {
  static final Path ROOT = Path.of("..");
  static final Path FIXTURES = ROOT.resolve("baton-core/src/test/resources/invalid");
  static Schema schema;

  @BeforeAll
  static void load() throws Exception {
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaCommand.schema(), InputFormat.JSON);
  }

  static List<Error> validate(Path yaml) throws Exception {
    Object tree = new YAMLMapper().readValue(yaml.toFile(), Object.class);
    return schema.validate(new ObjectMapper().writeValueAsString(tree), InputFormat.JSON);
  }

  @Test
  void the_shipped_schema_file_is_the_one_baton_schema_prints() throws Exception {
    assertThat(Files.readString(ROOT.resolve("schema/baton-workflow.schema.json")))
        .isEqualTo(SchemaCommand.schema());
  }

  @ParameterizedTest
  @ValueSource(strings = {"feature.yaml", "bug-fix.yaml", "performance.yaml", "agents.yaml"})
  void accepts_every_example(String example) throws Exception {
    assertThat(validate(ROOT.resolve("examples").resolve(example))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unknown-key.yaml",
        "missing-required-key.yaml",
        "wrong-type.yaml",
        "invalid-name.yaml",
        "bad-duration.yaml",
        "bad-mode.yaml",
        "bad-on-failure.yaml",
        "bad-priority.yaml",
        "meta-redefined.yaml",
        "two-agent-kinds.yaml",
        "many-problems.yaml"
      })
  void rejects_invalid_fixtures(String fixture) throws Exception {
    assertThat(validate(FIXTURES.resolve(fixture))).isNotEmpty();
  }
}
