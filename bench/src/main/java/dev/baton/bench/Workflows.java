package dev.baton.bench;

import dev.baton.workflow.AgentRef;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Expression;
import dev.baton.workflow.Mode;
import dev.baton.workflow.OnFailure;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Success;
import dev.baton.workflow.Template;
import dev.baton.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Baton workflows of a {@link Shape}, built through the public Java model: one agent does every
 * step.
 */
final class Workflows {
  static final String AGENT = "worker";

  /**
   * Enough capacity that the agent never queues steps: the harness measures the engine, not the
   * pool.
   */
  private static final int CAPACITY = 1_000_000;

  private Workflows() {}

  /** Every step is done by an in-process agent registered as {@value #AGENT}. */
  static Workflow inProcess(Shape shape) {
    return of(shape, shape.name(), new AgentSpec.InProcess(), OnFailure.ROLLBACK_RUN);
  }

  /** As {@link #inProcess}, but a step that fails asks a person what to do. */
  static Workflow escalating(Shape shape) {
    return of(shape, shape.name() + "-escalating", new AgentSpec.InProcess(), OnFailure.ESCALATE);
  }

  /** Every step runs {@code argv} as a command agent. */
  static Workflow command(Shape shape, List<String> argv) {
    return of(
        shape,
        shape.name() + "-command",
        new AgentSpec.Command(argv, Optional.empty(), Map.of()),
        OnFailure.ROLLBACK_RUN);
  }

  private static Workflow of(Shape shape, String name, AgentSpec.Kind kind, OnFailure onFailure) {
    List<Phase> phases = new ArrayList<>();
    for (Shape.Group g : shape.groups()) {
      List<StepSpec> steps = new ArrayList<>();
      for (int i = 0; i < g.steps(); i++) steps.add(step(g.step(i)));
      phases.add(
          new Phase(
              g.name(),
              g.parallel() ? Mode.PARALLEL : Mode.SEQUENTIAL,
              steps,
              Optional.empty(),
              onFailure,
              0,
              false,
              Optional.empty(),
              Optional.empty(),
              false,
              1.5));
    }
    Map<String, AgentSpec> agents = new LinkedHashMap<>();
    agents.put(
        AGENT,
        new AgentSpec(AGENT, "does anything at once", List.of("work"), List.of(), CAPACITY, kind));
    agents.put(
        "meta",
        new AgentSpec("meta", "Meta Agent", List.of("triage"), List.of(), 1, new AgentSpec.Meta()));
    return new Workflow(
        name,
        "benchmark shape " + shape.name(),
        Map.of(),
        List.of(AGENT),
        agents,
        List.of(),
        Expression.constant("normal"),
        Optional.empty(),
        List.of(),
        List.of(),
        phases,
        new Workflow.Sources("bench/" + name, "", Optional.empty(), Optional.empty()));
  }

  private static StepSpec step(String id) {
    return new StepSpec(
        id,
        new AgentRef.Named(AGENT),
        List.of(),
        Template.literal("do " + id),
        Optional.empty(),
        Optional.empty(),
        0,
        Duration.ofMillis(10),
        Optional.empty(),
        Success.NONE,
        Optional.empty(),
        List.of(),
        false,
        false,
        List.of());
  }
}
