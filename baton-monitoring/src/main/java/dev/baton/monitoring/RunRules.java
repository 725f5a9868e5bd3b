package dev.baton.monitoring;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.metrics.Alert;
import dev.baton.metrics.MetricsTracker;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.workflow.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules about one run: {@code overrun} (an attempt past its estimate, from {@code
 * EstimateExceeded}) and {@code phase-budget} (from {@code PhaseBudgetExceeded}). Such an alert
 * holds while the attempt (or the phase round) that triggered it is still going, which the run's
 * state says. For {@code phase-budget} the subject's step names the phase.
 */
final class RunRules {
  private RunRules() {}

  /** The condition an entry triggers, if any; {@code since} is when it happened. */
  static Optional<AlertCondition> trigger(JournalEntry e, MonitoringConfig config) {
    return switch (e.event()) {
      case Event.EstimateExceeded x -> {
        MonitoringConfig.RuleSettings s = config.rule(AlertRule.OVERRUN);
        if (!s.enabled() || x.estimateMillis() <= 0) yield Optional.empty();
        double percent = 100.0 * x.elapsedMillis() / x.estimateMillis();
        if (percent < s.threshold()) yield Optional.empty();
        Alert.Subject subject =
            new Alert.Subject(
                Optional.ofNullable(x.agent()),
                Optional.of(MetricsTracker.taskType(x.step())),
                Optional.of(e.run()),
                Optional.of(x.step()));
        yield Optional.of(
            new AlertCondition(
                AlertRule.OVERRUN,
                subject,
                percent,
                s.threshold(),
                String.format(
                    Locale.ROOT,
                    "run %s: attempt %d of %s by %s has run %s, %.0f%% of its %s estimate",
                    e.run(),
                    x.attempt(),
                    x.step(),
                    x.agent(),
                    Durations.format(Duration.ofMillis(x.elapsedMillis() / 1000 * 1000)),
                    percent,
                    Durations.format(Duration.ofMillis(x.estimateMillis())))));
      }
      case Event.PhaseBudgetExceeded p -> {
        MonitoringConfig.RuleSettings s = config.rule(AlertRule.PHASE_BUDGET);
        if (!s.enabled() || p.budgetMillis() <= 0) yield Optional.empty();
        double percent = 100.0 * p.elapsedMillis() / p.budgetMillis();
        Alert.Subject subject =
            new Alert.Subject(
                Optional.empty(), Optional.empty(), Optional.of(e.run()), Optional.of(p.phase()));
        yield Optional.of(
            new AlertCondition(
                AlertRule.PHASE_BUDGET,
                subject,
                percent,
                s.threshold(),
                String.format(
                    Locale.ROOT,
                    "run %s: phase %s is past its %s budget (%.0f%%)",
                    e.run(),
                    p.phase(),
                    Durations.format(Duration.ofMillis(p.budgetMillis())),
                    percent)));
      }
      default -> Optional.empty();
    };
  }

  /** Whether the attempt or phase that triggered a run alert at {@code since} is still going. */
  static boolean holds(String rule, Alert.Subject subject, Instant since, RunState state) {
    if (state.status().finished() || subject.step().isEmpty()) return false;
    String target = subject.step().get();
    if (AlertRule.OVERRUN.id().equals(rule)) {
      Optional<StepState> st = state.step(target);
      return st.isPresent()
          && st.get().status() == StepStatus.RUNNING
          && st.get().startedAt() != null
          && !st.get().startedAt().isAfter(since);
    }
    if (AlertRule.PHASE_BUDGET.id().equals(rule)) {
      return state.phaseActive()
          && state.currentPhase().filter(target::equals).isPresent()
          && state.phaseStartedAt() != null
          && !state.phaseStartedAt().isAfter(since);
    }
    return false;
  }

  static boolean isRunRule(String rule) {
    return AlertRule.OVERRUN.id().equals(rule) || AlertRule.PHASE_BUDGET.id().equals(rule);
  }
}
