package dev.baton.internal.engine;

import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.run.RunStatus;
import dev.baton.workflow.EscalationRule;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalation rules (docs/architecture.md#human-tasks): checked on every change of the run and at
 * least every second (a timer message, not a thread); each fires once per run.
 */
final class Escalations {
  private static final Logger log = LoggerFactory.getLogger(Escalations.class);
  private final Failures failures;

  Escalations(Failures failures) {
    this.failures = failures;
  }

  void check(RunActor run) {
    List<EscalationRule> rules = run.workflow.escalation();
    if (rules.isEmpty() || run.state.status().finished()) return;
    tick(run);
    for (EscalationRule rule : rules) {
      if (run.state.fired(rule.index())) continue;
      boolean fires;
      try {
        fires = rule.when().test(Variables.of(run.state, run.workflow, run.now(), null));
      } catch (RuntimeException e) {
        if (run.warnedRules.add(rule.index()))
          log.warn(
              "run {}: escalation rule {} could not be evaluated: {}",
              run.id,
              rule.number(),
              e.getMessage());
        continue;
      }
      if (fires) fire(run, rule);
      if (run.state.status().finished()) return;
    }
  }

  private void fire(RunActor run, EscalationRule rule) {
    String reason =
        rule.reason() == null || rule.reason().isBlank()
            ? "escalation rule: " + rule.when().source()
            : rule.reason();
    switch (rule.then()) {
      case EscalationRule.Action.Human h -> {
        run.emit(new Event.Escalated(rule.index(), "human", reason));
        boolean budget = rule.when().source().contains("budget");
        failures
            .tasks()
            .open(
                run,
                TaskKind.ESCALATION,
                reason + " — continue, or abort?",
                budget
                    ? List.of(
                        HumanAction.CONTINUE.word(),
                        HumanAction.CONTINUE.usage("--extend", "DURATION"),
                        HumanAction.ABORT.word())
                    : HumanAction.options(HumanAction.CONTINUE, HumanAction.ABORT),
                null,
                rule.when().source(),
                budget ? TaskCause.BUDGET : TaskCause.RULE,
                true);
      }
      case EscalationRule.Action.SetPrimary p -> {
        run.emit(new Event.Escalated(rule.index(), "primary:" + p.agent(), reason));
        if (!p.agent().equals(run.state.primary().orElse(null))) {
          run.emit(new Event.PrimaryAssigned(p.agent(), null, reason));
          // the triaged report should have been led by this agent: the next triages learn it
          run.parts.triages().corrected(run, p.agent(), "escalation rule: " + reason);
        }
      }
      case EscalationRule.Action.Alert a -> {
        run.emit(new Event.Escalated(rule.index(), "alert", reason));
        run.emit(
            new Event.AlertRaised(
                Ids.ruleAlert(run.id, rule.index()),
                "escalation",
                null,
                null,
                1,
                0,
                reason,
                run.id,
                null));
      }
      case EscalationRule.Action.Abort a -> {
        run.emit(new Event.Escalated(rule.index(), HumanAction.ABORT.word(), reason));
        failures.cancelNow(run, "escalation", reason);
      }
    }
  }

  /**
   * Re-checks the rules at least every second while the run is active: time alone can make one
   * fire.
   */
  private void tick(RunActor run) {
    if (run.ticking || run.state.status() == RunStatus.PENDING) return;
    run.ticking = true;
    var unused =
        run.parts
            .timers()
            .schedule(run.now().plusSeconds(1), () -> run.send(() -> run.ticking = false));
  }
}
