package dev.baton.internal.engine;

import dev.baton.journal.Event;
import dev.baton.journal.RunCommand;
import dev.baton.run.StepState;
import dev.baton.workflow.Phase;

/**
 * What happens when things go wrong or people step in: a phase's failed gate, escalation rules,
 * human decisions and cancels.
 */
final class Failures {
  private final Engine engine;

  Failures(Engine engine) {
    this.engine = engine;
  }

  /** Escalation rules: checked on every state change. */
  void checkEscalations(RunActor run) {}

  /** True while compensations are in flight and the run must not move on. */
  boolean busy(RunActor run) {
    return false;
  }

  /** A step failed for good and nothing of its phase still runs: apply the phase's onFailure. */
  void stepFailed(RunActor run, Phase phase, StepState failed) {
    String reason = "step " + failed.id() + " failed: " + failed.error();
    run.emit(new Event.PhaseFailed(phase.name(), failed.id(), reason));
    run.emit(new Event.RunFailed(reason, failed.id()));
  }

  void command(RunActor run, RunCommand command) {
    engine.store().completeCommand(command.id());
    if ("cancel".equals(command.kind()) && !run.state.status().finished()) {
      run.inflight.values().forEach(f -> f.stop(InFlight.Stop.CANCEL, "run cancelled by " + command.by()));
      run.emit(new Event.RunCancelled("cancelled by " + (command.by().isEmpty() ? "a user" : command.by()), command.by()));
    }
  }
}
