package dev.baton.internal.engine;

import dev.baton.agent.Agent;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.RollbackScope;
import dev.baton.journal.RollbackThen;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Durations;
import dev.baton.workflow.Rollback;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Rollback (docs/architecture.md#failure-handling): compensates completed steps one at a time,
 * newest first, each through the agent (or command) its {@code rollback} names, with {@code
 * BATON_COMPENSATE=1}. A failed compensation opens a human task: data may be inconsistent.
 */
final class Compensations {
  static final String KEY = "~compensation";
  private final Failures failures;

  Compensations(Failures failures) {
    this.failures = failures;
  }

  /**
   * Completed steps with a rollback, newest first: of one phase, or of the whole run when phase is
   * null.
   */
  static List<String> completed(RunState s, StepSpecs specs, String phase) {
    List<String> order = new ArrayList<>(s.completionOrder());
    Collections.reverse(order);
    List<String> out = new ArrayList<>();
    for (String id : order) {
      StepState st = s.step(id).orElseThrow();
      if (st.status() != StepStatus.SUCCEEDED || st.compensated() || out.contains(id)) continue;
      if (phase != null && !st.phase().equals(phase)) continue;
      if (specs.of(st).rollback().isPresent()) out.add(id);
    }
    return out;
  }

  interface StepSpecs {
    StepSpec of(StepState st);
  }

  void begin(
      RunActor run,
      String phase,
      RollbackScope scope,
      String reason,
      List<String> steps,
      RollbackThen then,
      String step) {
    run.emit(new Event.RollbackStarted(phase, scope, reason, steps, then, step));
  }

  /**
   * Moves the rollback on: stops what still runs, then compensates the next step, then hands over.
   */
  void drive(RunActor run) {
    RunState s = run.state;
    Event.RollbackStarted r = s.rollback().orElseThrow();
    boolean running = false;
    for (StepState st : s.steps()) {
      if (st.status() == StepStatus.RUNNING) {
        running = true;
        InFlight f = run.inflight.get(st.id());
        if (f != null) f.stop(InFlight.Stop.CANCEL, r.reason());
      } else if (st.status() == StepStatus.QUEUED && r.scope() == RollbackScope.RUN) {
        run.waitingForSlot.remove(st.id());
        run.parts.resources().forget(run, st.id());
        run.emit(
            new Event.StepCancelled(st.phase(), st.id(), st.agent(), st.attempt(), r.reason()));
      }
    }
    if (running || run.inflight.containsKey(KEY)) return;
    if (s.openHumanTasks().stream().anyMatch(t -> t.cause() == TaskCause.COMPENSATION)) return;
    List<String> left = s.compensationsLeft();
    if (left.isEmpty()) {
      failures.rollbackDone(run, r);
      return;
    }
    start(run, s.step(left.get(0)).orElseThrow());
  }

  private void start(RunActor run, StepState st) {
    StepSpec spec = Progress.spec(run, st);
    Rollback rb = spec.rollback().orElseThrow();
    Map<String, Object> vars = Variables.of(run.state, run.workflow, run.now(), st.item());
    String agentName;
    String task;
    Agent agent;
    switch (rb) {
      case Rollback.SameAgent same -> {
        agentName = st.agent();
        task = same.task().render(vars);
        agent = run.parts.agents().agentFor(run, agentName);
      }
      case Rollback.OtherAgent other -> {
        agentName = other.agent();
        task = other.task().render(vars);
        agent = run.parts.agents().agentFor(run, agentName);
      }
      case Rollback.Command cmd -> {
        agentName = st.agent();
        // the command agent renders the placeholders itself, once, from the attempt's variables
        List<String> argv = cmd.argv();
        task =
            "Compensate "
                + st.id()
                + ": "
                + String.join(" ", argv.stream().map(a -> Template.parse(a).render(vars)).toList());
        agent =
            run.parts
                .agents()
                .create(
                    AgentSpec.command(
                        st.agent() + "-rollback", argv, run.parts.agents().workflowDir(run)));
      }
    }
    Handoff base = Handoffs.build(run.state, run.workflow, st, agentName, st.attempt(), task);
    String key = Ids.compensation(run.id, st.id(), st.attempt());
    Handoff handoff =
        new Handoff(
            base.fromAgent(),
            agentName,
            key,
            task,
            base.context(),
            "Undo the work of step " + st.id(),
            base.estimatedTime(),
            base.escalationConditions(),
            base.inputs(),
            base.outputs(),
            key);
    InFlight f =
        new InFlight(
            st.id(), st.attempt(), agentName, 0, handoff); // BATON_STEP names the step being undone
    run.inflight.put(KEY, f);
    spec.timeout()
        .ifPresent(t ->
            f.timers.add(
                run.parts
                    .timers()
                    .schedule(
                        run.now().plus(t),
                        () ->
                            f.stop(
                                InFlight.Stop.TIMEOUT,
                                "compensation timed out after " + Durations.format(t)))));
    String stepId = st.id();
    run.afterCommit(() ->
        run.parts
            .performer()
            .perform(
                run,
                f,
                agent,
                handoff,
                true,
                outcome -> run.send(() -> finished(run, f, stepId, outcome))));
  }

  private void finished(RunActor run, InFlight f, String stepId, Outcome outcome) {
    run.inflight.remove(KEY, f);
    f.cancelTimers();
    if (run.state.status().finished()) return;
    switch (outcome) {
      case Outcome.Succeeded ok -> run.emit(new Event.StepCompensated(stepId, f.agent));
      case Outcome.Failed no -> {
        run.emit(new Event.CompensationFailed(stepId, f.agent, no.error()));
        failures
            .tasks()
            .open(
                run,
                TaskKind.ESCALATION,
                "Compensation of step "
                    + stepId
                    + " failed ("
                    + Texts.firstLine(no.error())
                    + "); data may be inconsistent. Retry it, continue without it, or abort?",
                HumanAction.options(HumanAction.RETRY, HumanAction.CONTINUE, HumanAction.ABORT),
                stepId,
                no.error(),
                TaskCause.COMPENSATION,
                true);
      }
    }
  }
}
