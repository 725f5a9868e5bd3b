package dev.baton.bench.jmh;

import dev.baton.workflow.Expression;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Template;
import dev.baton.workflow.Workflow;
import dev.baton.workflow.WorkflowLoader;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * A step's {@code when} (CEL, compiled by the workflow loader) and its task template, evaluated
 * against variables shaped like the engine's: 13 steps, inputs, run and phase.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExpressionBench {
  private static final String WORKFLOW =
      """
      name: expressions
      inputs:
        severity: { default: high }
        feature: { default: live inspection }
      team: [worker]
      priority: "inputs.severity == 'critical' ? 'critical' : 'high'"
      phases:
        - name: a
          mode: sequential
          steps:
            - id: plan
              agent: worker
              task: "Plan {{inputs.feature}}"
            - id: fix
              agent: worker
              task: "Build {{inputs.feature}} after {{steps.plan.output.summary}} (run {{run.id}}, severity {{inputs.severity}})"
              when: "steps.plan.state == 'SUCCEEDED' && inputs.severity != 'low' && !('security' in findings) && run.elapsed < run.budget"
      """;
  private static final String AGENTS =
      """
      agents:
        worker:
          role: Worker
          capabilities: [work]
          command: ["true"]
      """;

  Expression when;
  Template task;
  Map<String, Object> variables;

  @Setup
  public void setUp() {
    Workflow wf =
        WorkflowLoader.standard()
            .load(
                new Workflow.Sources(
                    "expressions.yaml", WORKFLOW, Optional.of("agents.yaml"), Optional.of(AGENTS)));
    StepSpec fix = wf.step("fix").orElseThrow();
    when = fix.when().orElseThrow();
    task = fix.task();
    variables = new HashMap<>();
    variables.put("inputs", Map.of("severity", "high", "feature", "live inspection"));
    variables.put(
        "run",
        Map.of(
            "id",
            "run-1",
            "elapsed",
            Duration.ofSeconds(42),
            "budget",
            Duration.ofHours(1),
            "priority",
            "high",
            "primary",
            "",
            "failures",
            0L,
            "replans",
            0L));
    variables.put(
        "phase",
        Map.of("name", "a", "elapsed", Duration.ofSeconds(3), "budget", Duration.ofDays(36_500)));
    Map<String, Object> steps = new LinkedHashMap<>();
    steps.put(
        "plan",
        Map.of(
            "state",
            "SUCCEEDED",
            "output",
            Map.of("summary", "three files"),
            "agent",
            "worker",
            "duration",
            Duration.ofMillis(5)));
    for (int i = 1; i <= 12; i++)
      steps.put(
          "s" + i,
          Map.of("state", "SUCCEEDED", "output", "", "agent", "worker", "duration", Duration.ZERO));
    variables.put("steps", steps);
    variables.put("findings", List.of("performance"));
    variables.put("item", Map.of());
  }

  @Benchmark
  public boolean celWhen() {
    return when.test(variables);
  }

  @Benchmark
  public String renderTask() {
    return task.render(variables);
  }
}
