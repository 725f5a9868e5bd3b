package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-attempt placeholders in command agents' argv and env (docs/agent-protocols.md) through {@code
 * ./baton}: each expands into exactly one argv element, never through a shell, and {@code validate}
 * and {@code run} accept and refuse the same files.
 */
class AgentTemplatesEndToEndTest {
  /** Writes each argument, and the variable SEEN, to a marker file of its own. */
  static final String ARGS_AGENT =
      """
      i=0
      for a in "$@"; do i=$((i+1)); printf '%s' "$a" > "$BATON_TEST_MARKERS/$BATON_STEP.arg$i"; done
      printf '%s' "$i" > "$BATON_TEST_MARKERS/$BATON_STEP.argc"
      printf '%s' "$SEEN" > "$BATON_TEST_MARKERS/$BATON_STEP.env"
      echo '@baton output {"name": "widget", "n": 2}'
      """;

  @TempDir Path dir;

  @Test
  void each_placeholder_becomes_exactly_one_argv_element_and_its_text_stays_literal()
      throws Exception {
    Cli cli = Cli.in(dir).env("E2E_HOME_SET", "yes");
    Files.writeString(dir.resolve("args.sh"), ARGS_AGENT);
    String hostile = "fix it; rm -rf ~ $(whoami) `id` ${HOME} ${secret:X} {{run.id}} \"quoted\"";
    Path wf =
        cli.workflow(
            "tpl",
            """
            name: tpl
            inputs: { who: { required: true } }
            agents:
              a:
                command: [sh, ./args.sh, "{{task}}", "--run={{run.id}}", "{{step.id}}", "{{attempt}}",
                          "{{inputs.who}}", "{{steps.first.output.name}}", "{{handoff.path}}",
                          "${E2E_HOME_SET}-${E2E_UNSET_HERE:-fallback}"]
                env: { SEEN: "task={{task}} who={{inputs.who}}" }
            phases:
              - name: p
                mode: sequential
                steps:
                  - { id: first, agent: a, task: "plain" }
                  - { id: second, agent: a, task: "{{inputs.who}}" }
            """);

    Cli.Result r = cli.baton("run", wf.toString(), "--id", "t1", "-i", "who=" + hostile);

    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(cli.markerText("second.argc")).isEqualTo("8");
    assertThat(cli.markerText("second.arg1")).isEqualTo(hostile);
    assertThat(cli.markerText("second.arg2")).isEqualTo("--run=t1");
    assertThat(cli.markerText("second.arg3")).isEqualTo("second");
    assertThat(cli.markerText("second.arg4")).isEqualTo("1");
    assertThat(cli.markerText("second.arg5")).isEqualTo(hostile);
    assertThat(cli.markerText("second.arg6")).isEqualTo("widget");
    assertThat(cli.markerText("second.arg7")).endsWith(".json");
    assertThat(cli.markerText("second.arg8")).isEqualTo("yes-fallback");
    assertThat(cli.markerText("second.env")).isEqualTo("task=" + hostile + " who=" + hostile);
    assertThat(cli.markerText("first.arg1")).isEqualTo("plain");
  }

  @Test
  void an_unset_variable_is_refused_alike_by_validate_and_run_at_its_position() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "unset",
            """
            name: unset
            agents:
              a: { command: [sh, ./x.sh, "${E2E_NEVER_SET_ANYWHERE}"] }
            phases: [{ name: p, mode: sequential, steps: [{ id: s, agent: a, task: T }] }]
            """);
    Cli.Result validate = cli.baton("validate", wf.toString());
    Cli.Result run = cli.baton("run", wf.toString());

    String expected =
        wf
            + ":3:"
            + column(wf, 3, "${E2E")
            + ": the environment variable E2E_NEVER_SET_ANYWHERE is not set: set it, or give a default with ${E2E_NEVER_SET_ANYWHERE:-default}";
    assertThat(validate.exit()).as("%s", validate).isEqualTo(2);
    assertThat(validate.diagnostics()).containsExactly(expected);
    assertThat(run.exit()).as("%s", run).isEqualTo(2);
    assertThat(run.diagnostics()).contains(expected);
    assertThat(cli.baton("validate", wf.toString()).exit()).isEqualTo(2);
    assertThat(cli.env("E2E_NEVER_SET_ANYWHERE", "x").baton("validate", wf.toString()).exit())
        .isZero();
  }

  @Test
  void placeholders_naming_unknown_inputs_steps_or_variables_are_positioned_problems()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "bad",
            """
            name: bad
            inputs: { who: {} }
            agents:
              a: { command: [sh, ./x.sh, "{{inputs.wh}}", "{{steps.nope.output}}", "{{item.x}}"] }
            phases: [{ name: p, mode: sequential, steps: [{ id: s, agent: a, task: T }] }]
            """);
    Cli.Result validate = cli.baton("validate", wf.toString());
    assertThat(validate.exit()).isEqualTo(2);
    assertThat(validate.diagnostics())
        .containsExactly(
            wf
                + ":4:"
                + column(wf, 4, "{{inputs.wh")
                + ": the workflow has no input 'wh': did you mean 'who'? (in {{inputs.wh}} of 'command' of agent 'a')",
            wf
                + ":4:"
                + column(wf, 4, "{{steps.nope")
                + ": the workflow has no step 'nope' (in {{steps.nope.output}} of 'command' of agent 'a')",
            wf
                + ":4:"
                + column(wf, 4, "{{item.x")
                + ": 'item.x' is not a per-attempt value: use {{task}}, {{run.id}}, {{step.id}}, {{attempt}}, {{handoff.path}}, {{inputs.NAME}} and {{steps.ID.output}} (in {{item.x}} of 'command' of agent 'a')");
    assertThat(cli.baton("run", wf.toString()).diagnostics()).containsAll(validate.diagnostics());
  }

  static int column(Path file, int line, String needle) throws java.io.IOException {
    return Files.readAllLines(file).get(line - 1).indexOf(needle) + 1;
  }
}
