package dev.baton.internal.engine;

import dev.baton.agent.LlmCall;
import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.ReplanDecision;
import dev.baton.journal.RollbackScope;
import dev.baton.journal.RollbackThen;
import dev.baton.journal.RunCommand;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.meta.Decision;
import dev.baton.meta.FailureReport;
import dev.baton.meta.MetaPolicy;
import dev.baton.metrics.Feedback;
import dev.baton.run.RunState;
import dev.baton.run.ScopeChanges;
import dev.baton.run.StepState;
import dev.baton.store.JournalStore;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When things go wrong or people step in (docs/architecture.md#failure-handling): a phase's failed
 * gate under its {@code onFailure} policy, rollback, re-planning by the meta agent, escalation
 * rules, human decisions and cancels.
 */
final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);
  private final SuccessRates successRates;
  private final MetaPolicy policy;
  private final JournalStore store;
  private final HumanTasks tasks = new HumanTasks(this);
  private final Escalations escalations = new Escalations(this);
  private final Compensations compensations = new Compensations(this);

  Failures(SuccessRates successRates, MetaPolicy policy, JournalStore store) {
    this.successRates = successRates;
    this.policy = policy;
    this.store = store;
  }

  HumanTasks tasks() {
    return tasks;
  }

  void checkEscalations(RunActor run) {
    escalations.check(run);
  }

  /** True while a rollback runs: the run neither starts steps nor moves between phases. */
  boolean busy(RunActor run) {
    return run.state.rollback().isPresent();
  }

  void drive(RunActor run) {
    compensations.drive(run);
  }

  /** A step failed for good and nothing of its phase still runs: apply the phase's onFailure. */
  void stepFailed(RunActor run, Phase phase, StepState failed) {
    String reason = "step " + failed.id() + " failed: " + Texts.firstLine(failed.error());
    RunState s = run.state;
    switch (phase.onFailure()) {
      case SKIP -> {
        boolean undo = Progress.spec(run, failed).rollback().isPresent();
        compensations.begin(
            run,
            phase.name(),
            RollbackScope.STEP,
            reason,
            undo ? List.of(failed.id()) : List.of(),
            RollbackThen.SKIP,
            failed.id());
      }
      case ROLLBACK_AND_REPLAN -> {
        run.emit(new Event.PhaseFailed(phase.name(), failed.id(), reason));
        compensations.begin(
            run,
            phase.name(),
            RollbackScope.PHASE,
            reason,
            Compensations.completed(s, st -> Progress.spec(run, st), phase.name()),
            RollbackThen.REPLAN,
            failed.id());
      }
      case ROLLBACK_RUN -> {
        run.emit(new Event.PhaseFailed(phase.name(), failed.id(), reason));
        compensations.begin(
            run,
            phase.name(),
            RollbackScope.RUN,
            reason,
            Compensations.completed(s, st -> Progress.spec(run, st), null),
            RollbackThen.ROLLED_BACK,
            failed.id());
      }
      case ESCALATE -> {
        run.emit(new Event.PhaseFailed(phase.name(), failed.id(), reason));
        openFailureTask(run, phase, failed.id(), reason);
      }
    }
  }

  /** The rollback is complete: do what it was for. */
  void rollbackDone(RunActor run, Event.RollbackStarted r) {
    switch (r.then()) {
      case REPLAN -> replan(run, run.workflow.phase(r.phase()).orElseThrow());
      case ROLLED_BACK -> run.emit(new Event.RunRolledBack(r.reason()));
      case SKIP ->
          run.emit(
              new Event.StepSkipped(
                  r.phase(), r.step(), "failed and skipped (onFailure: skip): " + r.reason()));
      case CANCELLED -> run.emit(new Event.RunCancelled(r.reason(), null));
    }
  }

  private void replan(RunActor run, Phase phase) {
    RunState s = run.state;
    Event.PhaseFailed pf = s.phaseFailure().orElseThrow();
    StepState failed = s.step(pf.step()).orElseThrow();
    StepSpec spec = Progress.spec(run, failed);
    int replan = s.replans(phase.name()) + 1;
    List<String> requires =
        !spec.requires().isEmpty()
            ? spec.requires()
            : run.agent(failed.agent()).map(AgentSpec::capabilities).orElse(List.of());
    FailureReport report =
        new FailureReport(
            run.id,
            phase.name(),
            failed.id(),
            failed.agent(),
            failed.error(),
            failed.attempt(),
            replan,
            phase.maxReplans(),
            requires,
            run.agents,
            successRates.asMap(),
            failed.task());
    Decision d;
    List<LlmCall> calls = new ArrayList<>();
    try {
      d =
          replan > phase.maxReplans()
              ? new Decision.Escalate(
                  "phase " + phase.name() + " failed after " + phase.maxReplans() + " re-plans")
              : policy.replan(report, calls::add);
    } catch (RuntimeException e) {
      d = new Decision.Escalate("the meta agent could not decide: " + e.getMessage());
    }
    for (LlmCall c : calls) {
      // the meta agent's own model calls: journaled and counted toward the spending budgets
      run.emit(
          new Event.LlmCalled(
              failed.id(),
              AgentSpec.META,
              failed.attempt(),
              c.model(),
              c.inputTokens(),
              c.outputTokens(),
              c.costUsd(),
              c.latencyMs()));
    }
    if (!calls.isEmpty()) Spending.check(run, failed.id());
    d = validate(d, run, report, phase);
    switch (d) {
      case Decision.Retry r -> {
        run.emit(
            new Event.Replanned(
                phase.name(),
                failed.id(),
                ReplanDecision.RETRY,
                failed.agent(),
                r.reason() + " — " + Texts.firstLine(failed.error()),
                null));
        run.progress.startPhase(phase, s.phaseRound() + 1);
      }
      case Decision.Reassign r -> {
        run.emit(
            new Event.Replanned(
                phase.name(), failed.id(), ReplanDecision.REASSIGN, r.agent(), r.reason(), null));
        run.progress.startPhase(phase, s.phaseRound() + 1);
      }
      case Decision.Amend a -> {
        List<Event.PlannedStep> inserted = new ArrayList<>();
        for (Decision.AmendedStep x : a.steps())
          inserted.add(new Event.PlannedStep(x.id(), x.id(), x.agent(), null, x.task()));
        // applying the event inserts the steps into the run's workflow (Amendments)
        run.emit(
            new Event.Replanned(
                phase.name(),
                failed.id(),
                ReplanDecision.AMEND,
                null,
                a.reason() + " — " + Texts.firstLine(failed.error()),
                inserted));
        run.progress.startPhase(run.workflow.phase(phase.name()).orElseThrow(), s.phaseRound() + 1);
      }
      case Decision.Escalate e -> {
        run.emit(
            new Event.Replanned(
                phase.name(), failed.id(), ReplanDecision.ESCALATE, null, e.reason(), null));
        openFailureTask(run, phase, failed.id(), e.reason());
      }
    }
  }

  /** A decision Baton cannot apply safely becomes an escalation. */
  private static Decision validate(Decision d, RunActor run, FailureReport f, Phase phase) {
    if (d instanceof Decision.Amend a) {
      Optional<String> problem = Amendments.problem(a, run, phase);
      if (problem.isPresent())
        return new Decision.Escalate(
            "meta proposed an amendment Baton cannot apply (" + problem.get() + "): " + a.reason());
    }
    return switch (d) {
      case Decision.Reassign r when !run.agents.containsKey(r.agent()) ->
          new Decision.Escalate("meta proposed unknown agent " + r.agent());
      case Decision.Reassign r
          when !run.agents.get(r.agent()).capabilities().containsAll(f.requires()) ->
          new Decision.Escalate("meta proposed " + r.agent() + ", who lacks " + f.requires());
      default -> d;
    };
  }

  private void openFailureTask(RunActor run, Phase phase, String step, String reason) {
    tasks.open(
        run,
        TaskKind.ESCALATION,
        "Phase "
            + phase.name()
            + " failed at step "
            + step
            + ": "
            + reason
            + ". Continue without the step, retry it, reassign it, or abort?",
        HumanTasks.FAILURE_OPTIONS,
        step,
        reason,
        TaskCause.FAILURE,
        true);
  }

  /** A person decided about a failed phase. */
  void afterFailureDecision(RunActor run, HumanAction action, List<String> args, String by) {
    RunState s = run.state;
    Optional<Event.PhaseFailed> pf = s.phaseFailure();
    if (pf.isEmpty()) return;
    Phase phase = run.workflow.phase(pf.get().phase()).orElseThrow();
    String step = args.isEmpty() ? pf.get().step() : args.get(0);
    switch (action) {
      case CONTINUE, APPROVE ->
          run.emit(
              new Event.Replanned(
                  phase.name(),
                  pf.get().step(),
                  ReplanDecision.SKIP,
                  null,
                  "skipped by " + by,
                  null));
      case RETRY ->
          run.emit(
              new Event.Replanned(
                  phase.name(), step, ReplanDecision.RETRY, null, "retry decided by " + by, null));
      case REASSIGN -> {
        String agent = args.size() > 1 ? args.get(1) : null;
        if (agent == null || !run.agents.containsKey(agent)) {
          log.warn("run {}: reassign to unknown agent {} ignored; retrying instead", run.id, agent);
          run.emit(
              new Event.Replanned(
                  phase.name(),
                  step,
                  ReplanDecision.RETRY,
                  null,
                  "reassign to unknown agent " + agent + "; retried",
                  null));
        } else {
          run.emit(
              new Event.Replanned(
                  phase.name(), step, ReplanDecision.REASSIGN, agent, "reassigned by " + by, null));
        }
      }
      case ABORT, REJECT -> {
        cancelNow(run, by, "aborted by " + by);
        return;
      }
      case LEAD -> {
        log.warn("run {}: 'lead' does not answer a failed phase; ignored", run.id);
        return;
      }
    }
    run.progress.startPhase(phase, s.phaseRound() + 1);
  }

  void command(RunActor run, RunCommand command) {
    if (!run.commandsApplied.add(command.id())) return;
    store.completeCommand(command.id());
    if (run.state.status().finished()) return;
    switch (command.kind()) {
      case CANCEL -> cancel(run, command.by(), command.note());
      case DECIDE -> tasks.resolve(run, command);
      case FEEDBACK -> Feedback.fromCommand(command, run.state).ifPresent(run::emit);
    }
  }

  /**
   * A cancel request: runs of priority critical or high need a person's approval first
   * (docs/conflicts.md).
   */
  private void cancel(RunActor run, String by, String note) {
    String who = by == null || by.isEmpty() ? "a user" : by;
    if (ScopeChanges.needsApproval(run.state.priority(), run.state.status())) {
      String change =
          "cancel, as " + who + " asks" + (note == null || note.isEmpty() ? "" : " (" + note + ")");
      tasks.open(
          run,
          TaskKind.APPROVAL,
          ScopeChanges.question(run.id, run.state.priority(), change),
          HumanAction.options(HumanAction.APPROVE, HumanAction.REJECT),
          null,
          note,
          TaskCause.CANCEL,
          false);
      return;
    }
    cancelNow(
        run, who, "cancelled by " + who + (note == null || note.isEmpty() ? "" : ": " + note));
  }

  /** Stops what runs, compensates every completed step newest first, and ends CANCELLED. */
  void cancelNow(RunActor run, String by, String reason) {
    if (run.state.rollback().filter(r -> r.then() == RollbackThen.CANCELLED).isPresent()) return;
    String phase = run.state.currentPhase().orElse(null);
    compensations.begin(
        run,
        phase,
        RollbackScope.RUN,
        reason,
        Compensations.completed(run.state, st -> Progress.spec(run, st), null),
        RollbackThen.CANCELLED,
        null);
  }
}
