package dev.baton.internal.engine;

import dev.baton.journal.Event.PlannedStep;
import dev.baton.journal.Event.Replanned;
import dev.baton.meta.Decision;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.workflow.AgentRef;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Success;
import dev.baton.workflow.Template;
import dev.baton.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The meta agent's {@code amend} decisions (docs/meta-agent.md#amending-the-plan): the steps it
 * inserts become steps of the failed phase, placed right before the step that failed, for the rest
 * of the run. The run's workflow is the written one with every amendment of its journal applied in
 * order, so a resumed run plans exactly the phase it had planned.
 */
final class Amendments {
  private static final Pattern STEP_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private Amendments() {}

  /** The written workflow with every amendment journaled so far applied. */
  static Workflow applyAll(Workflow wf, RunState s) {
    for (Replanned r : s.amendments()) wf = apply(wf, s, r);
    return wf;
  }

  /** {@code wf} with the steps of {@code r} inserted before the step that failed. */
  static Workflow apply(Workflow wf, RunState s, Replanned r) {
    Phase phase = wf.phase(r.phase()).orElseThrow();
    String before = s.step(r.step()).map(StepState::template).orElse(r.step());
    Optional<StepSpec> failed = wf.step(before);
    List<StepSpec> steps = new ArrayList<>(phase.steps());
    int at = 0;
    while (at < steps.size() && !steps.get(at).id().equals(before)) at++;
    List<StepSpec> inserted = new ArrayList<>();
    for (PlannedStep ps : r.amended()) inserted.add(spec(ps, failed));
    steps.addAll(at, inserted);
    Phase amended =
        new Phase(
            phase.name(),
            phase.mode(),
            steps,
            phase.budget(),
            phase.onFailure(),
            phase.maxReplans(),
            phase.requireRollback(),
            phase.foreach(),
            phase.orderBy(),
            phase.orderDescending(),
            phase.alertAt(),
            phase.spend());
    List<Phase> phases = new ArrayList<>();
    for (Phase p : wf.phases()) phases.add(p.name().equals(phase.name()) ? amended : p);
    return wf.withPhases(phases);
  }

  /**
   * An inserted step: its agent and task as the meta agent gave them (the task is text, never a
   * template), the failed step's timeout, no retries of its own (a failure re-plans the phase
   * again), no compensation.
   */
  private static StepSpec spec(PlannedStep ps, Optional<StepSpec> failed) {
    return new StepSpec(
        ps.id(),
        new AgentRef.Named(ps.agent()),
        List.of(),
        Template.literal(ps.task()),
        Optional.empty(),
        failed.flatMap(StepSpec::timeout),
        0,
        failed.map(StepSpec::retryDelay).orElse(Duration.ofSeconds(1)),
        Optional.empty(),
        Success.NONE,
        Optional.empty(),
        List.of(),
        false,
        false,
        List.of());
  }

  /** Why Baton cannot apply {@code a} to this run, or empty when it can. */
  static Optional<String> problem(Decision.Amend a, RunActor run, Phase phase) {
    if (phase.foreach().isPresent())
      return Optional.of("phase " + phase.name() + " is a foreach phase; steps cannot be inserted");
    if (a.steps().isEmpty()) return Optional.of("no steps to insert");
    Set<String> ids = new HashSet<>();
    for (Decision.AmendedStep x : a.steps()) {
      if (x.id() == null || !STEP_ID.matcher(x.id()).matches())
        return Optional.of("step id '" + x.id() + "' is not [a-z0-9][a-z0-9-]*");
      if (!ids.add(x.id())
          || run.workflow.step(x.id()).isPresent()
          || run.state.step(x.id()).isPresent())
        return Optional.of("step id '" + x.id() + "' is taken");
      AgentSpec agent = x.agent() == null ? null : run.agents.get(x.agent());
      if (agent == null || agent.kind() instanceof AgentSpec.Meta)
        return Optional.of(
            "step " + x.id() + " names '" + x.agent() + "', not an agent of the run");
      if (x.task() == null || x.task().isBlank())
        return Optional.of("step " + x.id() + " has no task");
    }
    return Optional.empty();
  }
}
