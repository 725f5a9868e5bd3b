package dev.baton.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One fixture per kind of problem, each reported at its node's own line and column. */
class ValidationTest {
  static final Path FIXTURES = Path.of("src/test/resources/invalid");
  final WorkflowLoader loader = WorkflowLoader.standard();

  List<Problem> problems(Path file) {
    InvalidWorkflowException e =
        catchThrowableOfType(
            InvalidWorkflowException.class, () -> loader.load(file, Optional.empty()));
    assertThat(e).as("%s should be invalid", file).isNotNull();
    return e.problems().stream().sorted().toList();
  }

  @ParameterizedTest(name = "{0} is reported at {1}:{2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unparsable-yaml.yaml      | 4  | 22 | not valid YAML: while parsing a flow sequence: expected ',' or ']'
          unknown-key.yaml          | 11 | 9  | unknown key 'timout' in step 'compile': did you mean 'timeout'?
          missing-required-key.yaml | 5  | 5  | phase 'build' is missing required key 'mode', e.g. mode: sequential
          wrong-type.yaml           | 8  | 60 | 'retries' of step 'compile' must be a whole number of at least 0, not 'many'
          duplicate-step-id.yaml    | 12 | 15 | duplicate step id 'compile' (first at line 8)
          duplicate-phase-name.yaml | 9  | 11 | duplicate phase name 'build'
          invalid-name.yaml         | 1  | 7  | 'Demo Workflow' is not a valid name: use lower-case letters, digits and '-', starting with a letter or digit (e.g. 'demo-workflow')
          unknown-agent.yaml        | 9  | 31 | unknown agent 'dve' in step 'compile': did you mean 'dev'?
          bad-duration.yaml         | 11 | 18 | bad 'timeout' of step 'compile': '5 minutes' is not a duration
          bad-mode.yaml             | 6  | 11 | 'paralel' is not a valid 'mode' of phase 'build': did you mean 'parallel'?
          bad-on-failure.yaml       | 5  | 14 | 'rollback' is not a valid 'onFailure' of 'rules': expected one of rollback-and-replan, rollback-run, skip, escalate
          bad-priority.yaml         | 2  | 11 | 'urgent' is not a priority: expected one of critical, high, normal, low
          cel-syntax.yaml           | 13 | 43 | 'when' of step 'compile' is not valid CEL: mismatched input '<EOF>'
          cel-type.yaml             | 7  | 14 | 'foreach' of phase 'build' must yield a list, but '1 + 2' yields int
          unknown-input.yaml        | 10 | 51 | unknown input 'targte': did you mean 'target'? (in {{inputs.targte}} of 'task' of step 'compile')
          later-step.yaml           | 8  | 56 | step 'link' does not run before this one
          parallel-sibling.yaml     | 9  | 45 | step 'compile' does not run before this one
          item-outside-foreach.yaml | 8  | 51 | 'item' exists only in the steps of a 'foreach' phase
          require-rollback.yaml     | 10 | 9  | phase 'release' has 'requireRollback: true' but step 'deploy' has no rollback
          duplicate-yaml-key.yaml   | 11 | 9  | duplicate key 'agent' (first at line 9): keep one
          meta-redefined.yaml       | 3  | 3  | 'meta' is the built-in coordinator and cannot be redefined
          two-agent-kinds.yaml      | 5  | 5  | agent 'dev' has both 'command' and 'human': an agent is exactly one kind, keep one
          bad-reference.yaml        | 4  | 55 | '${secret:OPENAI-KEY}' is not a valid reference
          unknown-team-member.yaml  | 2  | 13 | unknown agent 'qa' in 'team'
          empty.yaml                | 1  | 1  | the file is empty
          """)
  void reports_each_kind_of_problem_at_its_node(
      String fixture, int line, int column, String message) {
    List<Problem> found = problems(FIXTURES.resolve(fixture));
    assertThat(found).as("exactly one problem in %s: %s", fixture, found).hasSize(1);
    Problem p = found.get(0);
    assertThat(p.file()).endsWith(fixture);
    assertThat(p.line() + ":" + p.column()).isEqualTo(line + ":" + column);
    assertThat(p.message()).startsWith(message.strip());
  }

  @Test
  void reports_unknown_key_with_nearest_valid_key() {
    assertThat(problems(FIXTURES.resolve("unknown-key.yaml")).get(0).message())
        .endsWith("did you mean 'timeout'?");
  }

  @Test
  void finds_every_problem_of_a_file_at_once() {
    assertThat(problems(FIXTURES.resolve("many-problems.yaml")))
        .extracting(p -> p.line() + ":" + p.column())
        .containsExactly("2:9", "10:16", "11:24", "12:18");
  }

  @Test
  void prints_problems_as_file_line_column_message() {
    Problem p = problems(FIXTURES.resolve("bad-mode.yaml")).get(0);
    assertThat(p.toString())
        .isEqualTo(
            FIXTURES.resolve("bad-mode.yaml")
                + ":6:11: 'paralel' is not a valid 'mode' of phase 'build': did you mean 'parallel'?");
  }

  @Test
  void refuses_a_file_over_one_mebibyte_before_parsing_it(@TempDir Path dir) throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.writeString(big, "name: big\n# " + "x".repeat(1024 * 1024) + "\n");
    assertThat(problems(big))
        .singleElement()
        .satisfies(p -> {
          assertThat(p.line() + ":" + p.column()).isEqualTo("1:1");
          assertThat(p.message()).contains("larger than 1 MiB");
        });
  }

  @Test
  void reports_a_missing_file_as_a_problem(@TempDir Path dir) {
    assertThat(problems(dir.resolve("nope.yaml")))
        .singleElement()
        .extracting(Problem::message)
        .isEqualTo("no such file");
  }

  @Test
  void reports_problems_of_the_agents_file_in_that_file(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("agents.yaml"), "agents:\n  dev:\n    comand: [./dev.sh]\n");
    Files.writeString(
        dir.resolve("flow.yaml"),
        "name: flow\nphases:\n  - name: a\n    mode: parallel\n    steps: [{id: x, agent: dev, task: T}]\n");
    assertThat(problems(dir.resolve("flow.yaml")))
        .extracting(Problem::toString)
        .containsExactly(
            dir.resolve("agents.yaml")
                + ":2:3: agent 'dev' needs exactly one of command, llm, http, human: say how it works, e.g. command: [./agents/my-agent.sh]",
            dir.resolve("agents.yaml")
                + ":3:5: unknown key 'comand' in agent 'dev': did you mean 'command'?");
  }

  @Test
  void accepts_steps_of_earlier_phases_and_earlier_sequential_steps_in_templates(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("flow.yaml"),
        """
        name: flow
        agents: { dev: { command: [./dev.sh] }, ops: { http: { url: "${OPS_URL:-https://ops.example}", token: "${secret:OPS_TOKEN}" } } }
        phases:
          - name: a
            mode: parallel
            steps: [{id: x, agent: dev, task: T}, {id: y, agents: [dev, ops], task: U}]
          - name: b
            mode: sequential
            steps:
              - {id: z, agent: dev, task: "{{steps.x.output.field}} {{steps.y.output}} {{run.id}} {{run.primary}}"}
              - {id: w, agent: ops, task: "{{steps.z.state}}", rollback: "undo {{steps.w.output}}"}
        """);
    Workflow w = loader.load(dir.resolve("flow.yaml"), Optional.empty());
    assertThat(w.agents().get("ops").kind())
        .isEqualTo(
            new AgentSpec.Http(
                "${OPS_URL:-https://ops.example}", Optional.of("${secret:OPS_TOKEN}")));
    assertThat(w.team()).containsExactly("dev", "ops");
  }

  @Test
  void loads_agents_from_an_explicit_agents_file_and_inline_definitions_override_it(
      @TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("team.yaml"),
        "agents:\n  dev: { role: File, command: [./dev.sh] }\n  qa: { human: true }\n");
    Files.writeString(
        dir.resolve("flow.yaml"),
        """
        name: flow
        agents: { dev: { role: Inline, llm: { provider: openai, model: gpt-4.1 } } }
        phases: [{name: a, mode: parallel, steps: [{id: x, agent: dev, task: T}, {id: y, agent: qa, task: U}]}]
        """);
    Workflow w = loader.load(dir.resolve("flow.yaml"), Optional.of(dir.resolve("team.yaml")));
    assertThat(w.agents().get("dev").role()).isEqualTo("Inline");
    assertThat(w.agents().get("qa").kind()).isInstanceOf(AgentSpec.Human.class);
    assertThat(w.agents().get("meta").kind()).isInstanceOf(AgentSpec.Meta.class);
  }
}
