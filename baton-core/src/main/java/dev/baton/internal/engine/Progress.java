package dev.baton.internal.engine;

import dev.baton.BatonException;
import dev.baton.journal.Event;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.workflow.Durations;
import dev.baton.workflow.Mode;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides what a run does next from its state: start the next phase, pass or fail the gate, start
 * the steps that are ready. Called after every message; it emits nothing when nothing changed.
 */
final class Progress {
  private final RunActor run;

  Progress(RunActor run) {
    this.run = run;
  }

  void advance() {
    for (int guard = 0; guard < 10_000; guard++) {
      long before = run.state.lastSeq();
      step();
      if (run.state.lastSeq() == before) return;
    }
    throw new IllegalStateException("run " + run.id + " does not settle");
  }

  private void step() {
    RunState s = run.state;
    if (s.status() != RunStatus.RUNNING && s.status() != RunStatus.WAITING) return;
    run.parts.failures().checkEscalations(run);
    if (s.status().finished()) return;
    if (run.parts.failures().busy(run)) {
      run.parts.failures().drive(run);
      return;
    }
    if (!s.phaseActive()) {
      if (s.status() == RunStatus.WAITING) return;
      if (s.phaseIndex() >= run.workflow.phases().size()) {
        run.emit(new Event.RunSucceeded());
        return;
      }
      startPhase(run.workflow.phases().get(s.phaseIndex()), 0);
      return;
    }
    Phase phase = run.workflow.phases().get(s.phaseIndex());
    List<StepState> steps = s.stepsOf(phase.name());
    StepState failed =
        steps.stream()
            .filter(x -> x.status() == StepStatus.FAILED || x.status() == StepStatus.TIMED_OUT)
            .findFirst()
            .orElse(null);
    if (failed != null) {
      stopRunning(steps, "phase '" + phase.name() + "' failed at step " + failed.id());
      if (steps.stream().noneMatch(x -> x.status() == StepStatus.RUNNING))
        run.parts.failures().stepFailed(run, phase, failed);
      return;
    }
    if (steps.stream().allMatch(x -> x.status().passed())) {
      if (run.parts.branches().merging(run, phase, steps))
        return; // conflicts: isolated branches merge first
      run.emit(new Event.PhaseSucceeded(phase.name()));
      return;
    }
    if (s.status() == RunStatus.WAITING) return;
    Instant now = run.now();
    for (StepState st : steps) {
      if (st.status() == StepStatus.PENDING
          || (st.status() == StepStatus.QUEUED && !run.waitingForSlot.contains(st.id()))) {
        if (st.notBefore() != null && st.notBefore().isAfter(now)) {
          wakeAt(st.id() + "#" + st.attempt(), st.notBefore());
        } else {
          run.attempts.tryStart(phase, st);
        }
      }
      // a step the meta agent inserted runs before the steps after it, in any mode
      if ((phase.mode() == Mode.SEQUENTIAL || s.inserted(st.id())) && !st.status().passed()) break;
    }
  }

  void startPhase(Phase phase, int round) {
    List<Event.PlannedStep> plan;
    try {
      plan = Planner.plan(run.state, run.workflow, phase, run.now());
    } catch (BatonException | IllegalArgumentException e) {
      run.emit(new Event.PhaseStarted(phase.name(), round, List.of()));
      run.emit(
          new Event.PhaseFailed(phase.name(), null, "cannot plan the phase: " + e.getMessage()));
      run.emit(
          new Event.RunFailed(
              "phase '" + phase.name() + "' could not be planned: " + e.getMessage(), null));
      return;
    }
    run.emit(new Event.PhaseStarted(phase.name(), round, plan));
    phase
        .budget()
        .ifPresent(budget -> {
          Instant at = run.state.phaseStartedAt().plus(budget);
          run.afterCommit(() -> {
            var unused =
                run.parts
                    .timers()
                    .schedule(at, () -> run.send(() -> budgetCheck(phase, round, budget)));
          });
        });
  }

  private void budgetCheck(Phase phase, int round, Duration budget) {
    RunState s = run.state;
    if (!s.phaseActive()
        || s.phaseRound() != round
        || !s.currentPhase().orElse("").equals(phase.name())) return;
    if (s.budgetAlerted(phase.name(), round)) return;
    long elapsed = Duration.between(s.phaseStartedAt(), run.now()).toMillis();
    run.emit(
        new Event.PhaseBudgetExceeded(
            phase.name(),
            "phase '" + phase.name() + "' is past its budget of " + Durations.format(budget),
            budget.toMillis(),
            elapsed));
  }

  private void stopRunning(List<StepState> steps, String reason) {
    for (StepState x : steps) {
      InFlight f = run.inflight.get(x.id());
      if (f != null) f.stop(InFlight.Stop.CANCEL, reason);
      if (x.status() == StepStatus.QUEUED) {
        run.waitingForSlot.remove(x.id());
        run.parts.resources().forget(run, x.id());
        run.emit(new Event.StepCancelled(x.phase(), x.id(), x.agent(), x.attempt(), reason));
      }
    }
  }

  void wakeAt(String key, Instant at) {
    if (!run.wakeups.add(key)) return;
    var unused = run.parts.timers().schedule(at, () -> run.send(() -> run.wakeups.remove(key)));
  }

  static StepSpec spec(RunActor run, StepState st) {
    return run.workflow.step(st.template()).orElseThrow();
  }
}
