package dev.baton.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CEL compiled at load time, evaluated with plain Java values as the engine holds them. */
class ExpressionTest {
  static Workflow workflow;

  @BeforeAll
  static void load(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("flow.yaml"),
        """
        name: flow
        inputs: { severity: { default: high } }
        priority: "inputs.severity == 'critical' ? 'critical' : 'high'"
        budget: 1h
        agents: { dev: { command: [./dev.sh] } }
        escalation:
          - { when: "run.elapsed > duration('60m')", then: human }
          - { when: "'security' in findings", then: { primary: dev } }
          - { when: "run.failures > 2 && phase.elapsed > phase.budget", then: alert }
        phases:
          - name: plan
            mode: sequential
            steps: [{id: plan, agent: dev, task: Plan, when: "steps['plan'].state != 'SUCCEEDED'"}]
          - name: work
            mode: sequential
            foreach: steps.plan.output.items
            orderBy: item.impact desc
            steps: [{id: do, agent: dev, task: "Do {{item.name}}"}]
        """);
    workflow = WorkflowLoader.standard().load(dir.resolve("flow.yaml"), Optional.empty());
  }

  @Test
  void compares_run_elapsed_with_a_duration_literal() {
    Expression late = workflow.escalation().get(0).when();
    assertThat(late.test(Map.of("run", Map.of("elapsed", Duration.ofMinutes(61))))).isTrue();
    assertThat(late.test(Map.of("run", Map.of("elapsed", Duration.ofMinutes(59))))).isFalse();
  }

  @Test
  void reads_findings_ints_and_nested_maps_from_plain_java_values() {
    assertThat(workflow.escalation().get(1).when().test(Map.of("findings", List.of("security"))))
        .isTrue();
    Expression slow = workflow.escalation().get(2).when();
    Map<String, Object> vars =
        Map.of(
            "run", Map.of("failures", 3),
            "phase", Map.of("elapsed", Duration.ofMinutes(6), "budget", Duration.ofMinutes(5)));
    assertThat(slow.test(vars)).isTrue();
  }

  @Test
  void evaluates_priority_and_foreach_and_order_by() {
    assertThat(workflow.priority().evaluate(Map.of("inputs", Map.of("severity", "critical"))))
        .isEqualTo("critical");
    Phase work = workflow.phase("work").orElseThrow();
    Object items =
        work.foreach()
            .orElseThrow()
            .evaluate(
                Map.of(
                    "steps",
                    Map.of(
                        "plan",
                        Map.of("output", Map.of("items", List.of(Map.of("impact", "high")))))));
    assertThat((List<?>) items).hasSize(1);
    assertThat(work.orderBy().orElseThrow().evaluate(Map.of("item", Map.of("impact", "low"))))
        .isEqualTo("low");
    assertThat(work.orderDescending()).isTrue();
  }

  @Test
  void a_missing_key_is_an_evaluation_error_not_a_crash() {
    assertThatThrownBy(() -> workflow.escalation().get(0).when().evaluate(Map.of("run", Map.of())))
        .isInstanceOf(BatonException.class)
        .hasMessageContaining("run.elapsed > duration('60m')");
    assertThatThrownBy(() -> workflow.escalation().get(0).when().evaluate(Map.of()))
        .isInstanceOf(BatonException.class);
  }

  @Test
  void a_literal_priority_is_a_constant() throws Exception {
    Workflow w = ExamplesTest.class.getDeclaredConstructor().newInstance().load("feature.yaml");
    assertThat(w.priority().evaluate(Map.of())).isEqualTo("normal");
  }
}
