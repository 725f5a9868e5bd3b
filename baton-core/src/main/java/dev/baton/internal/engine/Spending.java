package dev.baton.internal.engine;

import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.workflow.SpendBudget;
import java.util.Locale;

/**
 * Spending budgets ({@code budget: {tokens, usd}} of a workflow or a phase,
 * docs/agent-protocols.md): after every chat-model call the run's and the step's phase's totals are
 * compared with their limits; the first crossing of each raises {@code BudgetExceeded} and, like a
 * time box past its budget, escalates: a human task (continue or abort) puts the run in {@code
 * WAITING}, so no new step starts — and nothing more is spent — until a person decides. Steps
 * already running finish.
 */
final class Spending {
  private Spending() {}

  /** Called on the run's thread right after an {@code LlmCalled} of {@code step}. */
  static void check(RunActor run, String step) {
    RunState s = run.state;
    if (s.status().finished()) return;
    SpendBudget runBudget = run.workflow.spend();
    if (runBudget.isSet() && !s.spendAlerted(null) && runBudget.crossedBy(s.tokens(), s.costUsd()))
      exceeded(run, null, runBudget, s.tokens(), s.costUsd());
    String phase = s.step(step).map(StepState::phase).orElse(null);
    if (phase == null || s.status().finished()) return;
    SpendBudget phaseBudget =
        run.workflow.phase(phase).map(p -> p.spend()).orElse(SpendBudget.NONE);
    if (phaseBudget.isSet()
        && !s.spendAlerted(phase)
        && phaseBudget.crossedBy(s.tokens(phase), s.costUsd(phase)))
      exceeded(run, phase, phaseBudget, s.tokens(phase), s.costUsd(phase));
  }

  private static void exceeded(
      RunActor run, String phase, SpendBudget budget, long tokens, double usd) {
    String reason =
        (phase == null ? "the run" : "phase '" + phase + "'")
            + " spent "
            + tokens
            + " tokens, "
            + String.format(Locale.ROOT, "$%.4f", usd)
            + " on chat models, past its budget of "
            + budget.describe();
    run.emit(
        new Event.BudgetExceeded(
            phase, reason, tokens, usd, budget.tokens().orElse(null), budget.usd().orElse(null)));
    run.parts
        .failures()
        .tasks()
        .open(
            run,
            TaskKind.ESCALATION,
            reason + " — continue, or abort?",
            HumanAction.options(HumanAction.CONTINUE, HumanAction.ABORT),
            null,
            reason,
            TaskCause.BUDGET,
            true);
  }
}
