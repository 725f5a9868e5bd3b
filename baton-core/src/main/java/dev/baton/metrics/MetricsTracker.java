package dev.baton.metrics;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds one run's journal into metric deltas, entry by entry. The little it remembers (who ran each
 * step, which steps already counted, the last step that failed, who took part) is what attributes
 * events that do not name an agent: a re-plan, an escalation, a rating of the whole run.
 *
 * <p>A pure function of the journal prefix: stores keep one tracker per run they append to and
 * build it again from the journal when they meet a run whose prefix they have not seen (another
 * process appended, or the store was reopened), which yields the same deltas.
 *
 * <ul>
 *   <li>{@code StepStarted}: the first start of a step by an agent counts one step for the agent.
 *   <li>{@code StepSucceeded}, {@code StepFailed}, {@code StepTimedOut}: one finished attempt (its
 *       duration when it succeeded).
 *   <li>{@code KnowledgeGap}, {@code Replanned} (of a step), {@code Escalated} (attributed to the
 *       last step that failed or timed out): the step led to an escalation, counted once per step
 *       and agent.
 *   <li>{@code FeedbackRecorded} of a step: ratings of the agent that ran it (or the named agent);
 *       with an agent but no step: the agent's totals only; with neither: user satisfaction of
 *       every agent that took part in the run, once per agent and task type.
 * </ul>
 */
public final class MetricsTracker {
  private final Map<String, String> agentOfStep = new HashMap<>();
  private final Set<String> counted = new HashSet<>();
  private final Set<String> escalated = new HashSet<>();
  private final LinkedHashSet<MetricDelta.Key> participants = new LinkedHashSet<>();
  private String lastFailedStep;
  private long lastSeq;

  /** The seq of the last entry applied (0 when none). */
  public long lastSeq() {
    return lastSeq;
  }

  /**
   * The task type of a step: its id without fan-out suffixes ({@code review.2} → {@code review}).
   */
  public static String taskType(String step) {
    int dot = step.indexOf('.');
    return dot < 0 ? step : step.substring(0, dot);
  }

  /** Applies one entry and returns what it adds to the buckets (often nothing). */
  public List<MetricDelta> apply(JournalEntry entry) {
    lastSeq = entry.seq();
    long minute = MetricDelta.minuteOf(entry.time());
    List<MetricDelta> out = new ArrayList<>(2);
    switch (entry.event()) {
      case Event.StepStarted s -> {
        if (!known(s.agent()) || s.step() == null) break;
        agentOfStep.put(s.step(), s.agent());
        participants.add(new MetricDelta.Key(s.agent(), taskType(s.step())));
        if (counted.add(s.step() + '\u0000' + s.agent()))
          add(out, s.agent(), s.step(), minute, MetricCounts.step());
      }
      case Event.StepSucceeded s ->
          add(
              out,
              agent(s.agent(), s.step()),
              s.step(),
              minute,
              MetricCounts.attempt(true, s.durationMillis()));
      case Event.StepFailed f -> {
        lastFailedStep = f.step();
        add(out, agent(f.agent(), f.step()), f.step(), minute, MetricCounts.attempt(false, 0));
      }
      case Event.StepTimedOut f -> {
        lastFailedStep = f.step();
        add(out, agent(f.agent(), f.step()), f.step(), minute, MetricCounts.attempt(false, 0));
      }
      case Event.KnowledgeGap g -> escalate(out, g.step(), agent(g.agent(), g.step()), minute);
      case Event.Replanned r -> escalate(out, r.step(), agent(null, r.step()), minute);
      case Event.Escalated x -> escalate(out, lastFailedStep, agent(null, lastFailedStep), minute);
      case Event.FeedbackRecorded f -> feedback(out, f, minute);
      default -> {}
    }
    return out;
  }

  private void feedback(List<MetricDelta> out, Event.FeedbackRecorded f, long minute) {
    MetricCounts all = MetricCounts.ratings(f.quality(), f.collaboration(), f.satisfaction());
    if (all.isZero()) return;
    if (f.step() != null) {
      add(out, agent(f.agent(), f.step()), f.step(), minute, all);
    } else if (known(f.agent())) {
      out.add(new MetricDelta(f.agent(), MetricDelta.TOTAL, minute, all));
    } else if (f.satisfaction() != null) {
      MetricCounts satisfaction = MetricCounts.ratings(null, null, f.satisfaction());
      Set<String> agents = new LinkedHashSet<>();
      for (MetricDelta.Key k : participants) {
        out.add(new MetricDelta(k.agent(), k.taskType(), minute, satisfaction));
        if (agents.add(k.agent()))
          out.add(new MetricDelta(k.agent(), MetricDelta.TOTAL, minute, satisfaction));
      }
    }
  }

  private void escalate(List<MetricDelta> out, String step, String agent, long minute) {
    if (step == null || !known(agent)) return;
    if (escalated.add(step + '\u0000' + agent))
      add(out, agent, step, minute, MetricCounts.escalation());
  }

  private String agent(String named, String step) {
    if (known(named)) return named;
    return step == null ? null : agentOfStep.get(step);
  }

  private static boolean known(String agent) {
    return agent != null && !agent.isEmpty();
  }

  /** Adds to the agent × task type row and to the agent's totals row. */
  private static void add(
      List<MetricDelta> out, String agent, String step, long minute, MetricCounts c) {
    if (!known(agent) || step == null) return;
    out.add(new MetricDelta(agent, taskType(step), minute, c));
    out.add(new MetricDelta(agent, MetricDelta.TOTAL, minute, c));
  }
}
