package dev.baton.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  static final Path EXAMPLES = Path.of("..", "examples");
  final WorkflowLoader loader = WorkflowLoader.standard();

  Workflow load(String name) {
    try {
      return loader.load(EXAMPLES.resolve(name), Optional.empty());
    } catch (InvalidWorkflowException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  @Test
  void feature_example_loads_with_four_gated_phases() {
    Workflow w = load("feature.yaml");
    assertThat(w.phases())
        .extracting(Phase::name)
        .containsExactly(
            "analysis-and-design",
            "core-implementation",
            "integration-and-deployment",
            "production-release");
    assertThat(w.phases())
        .extracting(Phase::mode)
        .containsExactly(Mode.PARALLEL, Mode.SEQUENTIAL, Mode.PARALLEL, Mode.SEQUENTIAL);
    assertThat(w.step("migrations").orElseThrow().rollback())
        .containsInstanceOf(Rollback.Command.class);
    assertThat(w.phase("production-release").orElseThrow().onFailure())
        .isEqualTo(OnFailure.ROLLBACK_RUN);
    assertThat(w.agents())
        .containsKeys("security", "database", "api", "frontend", "testing", "devops", "meta");
    assertThat(w.sources().agentsText()).isPresent();
  }

  @Test
  void bug_fix_example_loads_with_the_spec_escalation_rules() {
    Workflow w = load("bug-fix.yaml");
    assertThat(w.escalation())
        .extracting(EscalationRule::then)
        .containsExactly(
            new EscalationRule.Action.Human(),
            new EscalationRule.Action.SetPrimary("security"),
            new EscalationRule.Action.SetPrimary("database"),
            new EscalationRule.Action.Human());
    // numbered from 1, as validation messages count them ("escalation rule 1")
    assertThat(w.escalation()).extracting(EscalationRule::number).containsExactly(1, 2, 3, 4);
    // the journal keeps positions from 0, as it always has: old runs resume with the same rules
    assertThat(w.escalation()).extracting(EscalationRule::index).containsExactly(0, 1, 2, 3);
    assertThat(w.step("assign").orElseThrow().assignsPrimary()).isTrue();
    assertThat(w.step("impact").orElseThrow().agent()).isEqualTo(new AgentRef.Supporting());
    assertThat(w.step("root-cause").orElseThrow().agent()).isEqualTo(new AgentRef.Primary());
    assertThat(w.budget()).contains(Duration.ofMinutes(60));
  }

  @Test
  void performance_example_loads_with_a_foreach_phase_ordered_by_impact() {
    Workflow w = load("performance.yaml");
    Phase implementation = w.phase("implementation").orElseThrow();
    assertThat(implementation.foreach())
        .map(Expression::source)
        .contains("steps.plan.output.optimizations");
    assertThat(implementation.orderBy()).map(Expression::source).contains("item.impact");
    assertThat(implementation.orderDescending()).isTrue();
    assertThat(implementation.requireRollback()).isTrue();
    assertThat(implementation.steps())
        .singleElement()
        .satisfies(s -> assertThat(s.success().check()).hasSize(2));
    assertThat(w.step("proposals").orElseThrow().agent())
        .isEqualTo(new AgentRef.Each(List.of("database", "frontend", "api", "devops")));
  }

  @Test
  void agents_file_loads_alone_with_all_kinds() {
    AgentCatalog catalog = loader.loadAgents(EXAMPLES.resolve("agents.yaml"));
    assertThat(catalog.agents().get("lead-engineer").kind()).isInstanceOf(AgentSpec.Human.class);
    assertThat(catalog.agents().get("security").kind()).isInstanceOf(AgentSpec.Command.class);
    assertThat(catalog.specialists()).extracting(AgentSpec::name).containsExactly("k8s-specialist");
  }

  @Test
  void a_workflow_loaded_from_its_sources_equals_the_original_in_shape() {
    Workflow w = load("bug-fix.yaml");
    Workflow again = loader.load(w.sources());
    assertThat(again.sources()).isEqualTo(w.sources());
    assertThat(again.phases())
        .extracting(Phase::name)
        .isEqualTo(w.phases().stream().map(Phase::name).toList());
    assertThat(again.agents()).isEqualTo(w.agents());
    assertThat(again.step("fix").orElseThrow().task().source())
        .isEqualTo(w.step("fix").orElseThrow().task().source());
  }
}
