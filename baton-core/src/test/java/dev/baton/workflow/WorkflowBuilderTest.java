package dev.baton.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkflowBuilderTest {
  private static final List<AgentSpec> JAVA_AGENTS =
      List.of(AgentSpec.inProcess("reviewer"), AgentSpec.inProcess("tester"));

  /** What {@code baton.load(yaml)} does on a Baton with the Java agents registered. */
  private static Workflow loaded(String yaml) {
    return WorkflowLoader.standard(JAVA_AGENTS)
        .load(new Workflow.Sources("<string>", yaml, Optional.empty(), Optional.empty()));
  }

  private static WorkflowBuilder withAgents(String name) {
    WorkflowBuilder b = Workflow.builder(name);
    JAVA_AGENTS.forEach(b::agent);
    return b;
  }

  private static void assertSameDefinition(Workflow built, Workflow fromYaml) {
    assertThat(built)
        .usingRecursiveComparison()
        .ignoringFields("sources")
        .withComparatorForType(Comparator.comparing(Template::source), Template.class)
        .withComparatorForType(Comparator.comparing(Expression::source), Expression.class)
        .isEqualTo(fromYaml);
  }

  @Test
  void a_minimal_workflow_gets_the_defaults_of_a_file_without_those_keys() {
    Workflow built =
        withAgents("review")
            .phase(Phase.sequential("check").step("lint", "reviewer", "Lint it"))
            .build();
    Workflow fromYaml =
        loaded(
            """
            name: review
            phases:
              - name: check
                mode: sequential
                steps:
                  - {id: lint, agent: reviewer, task: Lint it}
            """);
    assertSameDefinition(built, fromYaml);
    StepSpec lint = built.step("lint").orElseThrow();
    assertThat(lint.retries()).isZero();
    assertThat(lint.retryDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(built.phases().get(0).onFailure()).isEqualTo(OnFailure.ROLLBACK_AND_REPLAN);
    assertThat(built.phases().get(0).maxReplans()).isEqualTo(2);
    assertThat(built.phases().get(0).alertAt()).isEqualTo(1.5);
    assertThat(built.priority().source()).isEqualTo("normal");
    assertThat(built.team()).containsExactly("reviewer", "tester");
    assertThat(built.agents()).containsKeys("reviewer", "tester", AgentSpec.META);
    assertThat(built.sources()).isEqualTo(Workflow.Sources.java("review"));
  }

  @Test
  void every_key_set_from_java_equals_the_same_key_read_from_yaml() {
    Workflow built =
        withAgents("review")
            .description("Review a pull request")
            .requiredInput("pr", "the pull request")
            .input("depth", "", "quick")
            .team("reviewer", "tester")
            .priority("inputs.depth == 'deep' ? 'high' : 'normal'")
            .budget(Duration.ofHours(1))
            .spend(new SpendBudget(Optional.of(20_000L), Optional.of(0.5)))
            .constraints("Never push to main")
            .onFailure(OnFailure.ESCALATE)
            .alertAt(2)
            .escalate("run.failures > 2", "human", "too many failures")
            .escalateToPrimary("run.replans > 1", "tester", "")
            .phase(
                Phase.sequential("check")
                    .step("lint", "reviewer", "Lint {{inputs.pr}}")
                    .step(
                        StepSpec.builder("test")
                            .agent("tester")
                            .task("Test {{inputs.pr}} after {{steps.lint.output}}")
                            .requires("testing")
                            .estimate(Duration.ofMinutes(5))
                            .timeout(Duration.ofMinutes(10))
                            .retries(2)
                            .retryDelay(Duration.ofSeconds(3))
                            .when("inputs.depth != 'none'")
                            .success("all green", "./check.sh", "{{inputs.pr}}")
                            .rollback("Revert {{steps.test.output}}")
                            .resources("db:shared", "ci")
                            .escalateWhen("security")))
            .phase(
                Phase.parallel("fan")
                    .onFailure(OnFailure.SKIP)
                    .maxReplans(1)
                    .budget(Duration.ofMinutes(30))
                    .foreach("['a', 'b']")
                    .orderBy("item", true)
                    .step("each", "reviewer", "Check {{item}}"))
            .build();
    Workflow fromYaml =
        loaded(
            """
            name: review
            description: Review a pull request
            inputs:
              pr: {required: true, description: the pull request}
              depth: {default: quick}
            team: [reviewer, tester]
            priority: "inputs.depth == 'deep' ? 'high' : 'normal'"
            budget: {time: 1h, tokens: 20000, usd: 0.5}
            constraints: [Never push to main]
            rules: {onFailure: escalate, alertAt: 2}
            escalation:
              - {when: run.failures > 2, then: human, reason: too many failures}
              - {when: run.replans > 1, then: {primary: tester}}
            phases:
              - name: check
                mode: sequential
                steps:
                  - {id: lint, agent: reviewer, task: "Lint {{inputs.pr}}"}
                  - id: test
                    agent: tester
                    task: "Test {{inputs.pr}} after {{steps.lint.output}}"
                    requires: [testing]
                    estimate: 5m
                    timeout: 10m
                    retries: 2
                    retryDelay: 3s
                    when: inputs.depth != 'none'
                    success: {criteria: all green, check: [./check.sh, "{{inputs.pr}}"]}
                    rollback: "Revert {{steps.test.output}}"
                    resources: ["db:shared", ci]
                    escalateWhen: [security]
              - name: fan
                mode: parallel
                onFailure: skip
                maxReplans: 1
                budget: 30m
                foreach: "['a', 'b']"
                orderBy: item desc
                steps:
                  - {id: each, agent: reviewer, task: "Check {{item}}"}
            """);
    assertSameDefinition(built, fromYaml);
    assertThat(built.step("test").orElseThrow().resources())
        .containsExactly(new ResourceClaim("db", true), new ResourceClaim("ci", false));
    assertThat(built.phase("check").orElseThrow().onFailure()).isEqualTo(OnFailure.ESCALATE);
    assertThat(built.phase("fan").orElseThrow().orderDescending()).isTrue();
    assertThat(built.escalation().get(1).then())
        .isEqualTo(new EscalationRule.Action.SetPrimary("tester"));
  }

  @Test
  void agents_defined_in_java_may_be_people_and_commands() {
    AgentSpec lead =
        new AgentSpec(
            "lead", "Tech lead", List.of("approval"), List.of(), 1, new AgentSpec.Human());
    AgentSpec linter =
        new AgentSpec(
            "linter",
            "Linter",
            List.of(),
            List.of(),
            2,
            new AgentSpec.Command(List.of("./lint.sh"), Optional.empty(), Map.of()));
    Workflow wf =
        Workflow.builder("gate")
            .agent(lead)
            .agent(linter)
            .phase(
                Phase.sequential("go")
                    .step("lint", "linter", "Lint")
                    .step(StepSpec.builder("approve").requires("approval").task("Approve?")))
            .build();
    assertThat(wf.agents()).containsEntry("lead", lead).containsEntry("linter", linter);
    assertThat(wf.team()).containsExactly("lead", "linter");
    assertThat(wf.step("approve").orElseThrow().agent()).isEqualTo(new AgentRef.Routed());
  }

  @Test
  void build_refuses_a_workflow_with_every_problem_a_file_would_have() {
    WorkflowBuilder bad =
        withAgents("bad")
            .input("pr", "")
            .phase(
                Phase.sequential("one")
                    .step("lint", "revewer", "Lint {{inputs.pull}}")
                    .step("lint", "tester", "Again {{steps.later.output}}")
                    .step(StepSpec.builder("cond").agent("tester").task("x").when("inputs.pr >")))
            .phase(Phase.parallel("two").foreach("'not a list'").step("later", "tester", "y"));
    assertThatThrownBy(bad::build)
        .isInstanceOf(InvalidWorkflowException.class)
        .satisfies(e -> {
          List<Problem> problems = ((InvalidWorkflowException) e).problems();
          assertThat(problems).allSatisfy(p -> assertThat(p.file()).isEqualTo("<java:bad>"));
          assertThat(problems)
              .extracting(Problem::message)
              .anySatisfy(m ->
                  assertThat(m)
                      .contains("unknown agent 'revewer'")
                      .contains("did you mean 'reviewer'"))
              .anySatisfy(m ->
                  assertThat(m)
                      .isEqualTo(
                          "duplicate step id 'lint': step ids must be unique in the workflow"))
              .anySatisfy(m -> assertThat(m).contains("unknown input 'pull'"))
              .anySatisfy(m -> assertThat(m).contains("step 'later' does not run before this one"))
              .anySatisfy(m -> assertThat(m).contains("'when' of step 'cond' is not valid CEL"))
              .anySatisfy(
                  m -> assertThat(m).contains("'foreach' of phase 'two' must yield a list"));
        });
  }

  @Test
  void build_refuses_bad_names_durations_and_an_empty_phase() {
    assertThatThrownBy(() ->
            Workflow.builder("no spaces please")
                .phase(Phase.sequential("empty"))
                .phase(
                    Phase.parallel("p")
                        .step(
                            StepSpec.builder("s")
                                .agent("meta")
                                .task("t")
                                .retryDelay(Duration.ofSeconds(-1))))
                .build())
        .isInstanceOf(InvalidWorkflowException.class)
        .hasMessageContaining("'no spaces please'")
        .hasMessageContaining("'steps' of phase 'empty' is empty")
        .hasMessageContaining("bad 'retryDelay' of step 's'");
  }

  @Test
  void the_example_of_the_workflow_language_page_builds_as_shown_there() throws Exception {
    // --- docs example start
    Workflow review =
        Workflow.builder("review")
            .description("Review a pull request")
            .requiredInput("pr", "the pull request")
            .input("depth", "how deep to look", "quick")
            .agent(AgentSpec.inProcess("reviewer"))
            .agent(AgentSpec.inProcess("tester"))
            .agent(
                new AgentSpec(
                    "lead", "Tech lead", List.of("approval"), List.of(), 1, new AgentSpec.Human()))
            .team("reviewer", "tester", "lead")
            .priority("inputs.pr.startsWith('hotfix') ? 'high' : 'normal'")
            .budget(Duration.ofHours(1))
            .escalate("run.failures > 2", "human", "too many failures")
            .phase(
                Phase.sequential("check")
                    .step("lint", "reviewer", "Lint {{inputs.pr}}")
                    .step(
                        StepSpec.builder("test")
                            .agent("tester")
                            .task(
                                "Test {{inputs.pr}} ({{inputs.depth}}) after {{steps.lint.output}}")
                            .estimate(Duration.ofMinutes(5))
                            .timeout(Duration.ofMinutes(10))
                            .retries(2)
                            .retryDelay(Duration.ofSeconds(5))
                            .when("inputs.depth != 'none'")
                            .resources("db:shared")
                            .escalateWhen("security")))
            .phase(
                Phase.parallel("approve")
                    .onFailure(OnFailure.ESCALATE)
                    .maxReplans(0)
                    .step(
                        StepSpec.builder("sign-off")
                            .requires("approval")
                            .task("Approve {{inputs.pr}}")))
            .build();
    // --- docs example end
    assertThat(review.team()).containsExactly("reviewer", "tester", "lead");
    assertThat(review.phase("approve").orElseThrow().maxReplans()).isZero();
    assertThat(review.priority().evaluate(Map.of("inputs", Map.of("pr", "hotfix-1"))))
        .isEqualTo("high");

    String self =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("src/test/java/dev/baton/workflow/WorkflowBuilderTest.java"));
    String example =
        self.substring(
            self.indexOf("// --- docs example start") + "// --- docs example start".length(),
            self.indexOf("    // --- docs example end"));
    String page =
        java.nio.file.Files.readString(java.nio.file.Path.of("../docs/workflow-language.md"));
    assertThat(words(page).contains(words(example)))
        .as("docs/workflow-language.md shows the example as this test builds it:%n%s", example)
        .isTrue();
  }

  @Test
  void specialists_defined_in_java_are_the_meta_agents_templates() {
    AgentSpec dba =
        new AgentSpec(
            "dba",
            "Database expert",
            List.of("databases"),
            List.of(),
            1,
            new AgentSpec.Command(List.of("./dba.sh"), Optional.empty(), Map.of()));
    Workflow wf =
        withAgents("gaps")
            .specialist(dba)
            .phase(Phase.sequential("one").step("lint", "reviewer", "Lint"))
            .build();
    assertThat(wf.specialists()).containsExactly(dba);
  }

  /** The code without its layout: the formatter lays out the test, not the page. */
  private static String words(String code) {
    return code.replaceAll("\\s+", "");
  }
}
