package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ValidateCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int baton(String... args) {
    CommandLine cli = new CommandLine(new Main());
    Main.SUBCOMMANDS.forEach(cli::addSubcommand);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void prints_ok_for_each_valid_file_and_exits_0() {
    assertThat(baton("validate", "../examples/feature.yaml", "../examples/agents.yaml")).isZero();
    assertThat(out.toString().lines())
        .containsExactly("../examples/feature.yaml: ok", "../examples/agents.yaml: ok");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void prints_positioned_problems_on_stderr_and_exits_2() {
    assertThat(
            baton(
                "validate",
                "../examples/bug-fix.yaml",
                "../baton-core/src/test/resources/invalid/bad-mode.yaml"))
        .isEqualTo(2);
    assertThat(out.toString().lines()).containsExactly("../examples/bug-fix.yaml: ok");
    assertThat(err.toString().lines())
        .containsExactly(
            "../baton-core/src/test/resources/invalid/bad-mode.yaml:6:11: 'paralel' is not a valid 'mode' of phase 'build': did you mean 'parallel'?");
  }

  @Test
  void a_missing_file_exits_2_with_a_clear_message() {
    assertThat(baton("validate", "nope.yaml")).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("nope.yaml:1:1: no such file");
  }

  @Test
  void uses_the_agents_file_given_with_agents() {
    assertThat(
            baton(
                "validate", "--agents", "../examples/agents.yaml", "../examples/performance.yaml"))
        .isZero();
    assertThat(baton("validate", "--agents", "missing.yaml", "../examples/performance.yaml"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("missing.yaml: no such agents file");
  }

  @Test
  void schema_prints_the_json_schema() {
    assertThat(baton("schema")).isZero();
    assertThat(out.toString())
        .contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"");
  }
}
