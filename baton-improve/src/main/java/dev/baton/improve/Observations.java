package dev.baton.improve;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the journals say happened in a period {@code [from, to)}: finished attempts, steps that led
 * to an escalation, ratings, phases, knowledge gaps and specialists created. Every figure of a
 * review is computed from these facts, and every fact names the run and journal seq it was read
 * from, so a figure can be traced back with {@code baton events RUN --json}.
 */
public record Observations(
    Instant from,
    Instant to,
    List<AttemptFact> attempts,
    List<StepFact> steps,
    List<Rating> ratings,
    List<PhaseFact> phases,
    List<GapFact> gaps,
    List<String> specialistsCreated,
    Set<String> criticalRunsActive,
    Set<String> routed,
    List<Execution> executions) {

  /** Facts without step executions (tests of the daily proposals). */
  public Observations(
      Instant from,
      Instant to,
      List<AttemptFact> attempts,
      List<StepFact> steps,
      List<Rating> ratings,
      List<PhaseFact> phases,
      List<GapFact> gaps,
      List<String> specialistsCreated,
      Set<String> criticalRunsActive,
      Set<String> routed) {
    this(
        from,
        to,
        attempts,
        steps,
        ratings,
        phases,
        gaps,
        specialistsCreated,
        criticalRunsActive,
        routed,
        List.of());
  }

  /**
   * One step of one run whose last event fell in the period, as a whole: its outcome ({@code
   * succeeded}, {@code failed}, {@code skipped}), the reason it was skipped, how many times it was
   * retried ({@code StepRetrying}) and whether an attempt after a retry succeeded, how long the
   * attempts after a retry took, whether any attempt failed or the step escalated ({@code
   * troubled}) and the agents whose attempts failed; {@code configVersion} is the configuration
   * version the run started with.
   */
  public record Execution(
      String run,
      String workflow,
      String phase,
      String taskType,
      String outcome,
      String skipReason,
      int retries,
      boolean retryHelped,
      long retryMillis,
      boolean troubled,
      List<String> failingAgents,
      long configVersion,
      Instant time) {
    public boolean ended() {
      return outcome.equals("succeeded") || outcome.equals("failed");
    }
  }

  /** A finished attempt: {@code estimateMillis} is the estimate in effect (0 when none). */
  public record AttemptFact(
      String run,
      long seq,
      String workflow,
      String taskType,
      String agent,
      boolean succeeded,
      long durationMillis,
      long estimateMillis,
      boolean overran,
      long configVersion,
      Instant time,
      boolean first) {}

  /** A step that had at least one attempt in the period, and whether it escalated. */
  public record StepFact(
      String run, String workflow, String taskType, String agent, boolean escalated) {}

  public record Rating(
      String run,
      long seq,
      String agent,
      Integer quality,
      Integer collaboration,
      Integer satisfaction) {}

  /** A phase that ended in the period; {@code budgetMillis} is 0 unless it went over budget. */
  public record PhaseFact(
      String run, String workflow, String phase, long durationMillis, long budgetMillis) {
    public boolean overBudget() {
      return budgetMillis > 0;
    }
  }

  public record GapFact(String run, long seq, String workflow, String agent, String capability) {}

  /** Unfinished runs of priority critical: approved proposals wait while there are any. */
  public static List<String> criticalActive(JournalStore store) {
    return store.runs().stream()
        .filter(
            r -> r.ended().isEmpty() && !r.state().finished() && "critical".equals(r.priority()))
        .map(RunSummary::run)
        .toList();
  }

  /** Reads every run that was alive in {@code [from, to)}. */
  public static Observations read(JournalStore store, Instant from, Instant to) {
    Builder b = new Builder(from, to);
    for (RunSummary r : store.runs()) {
      if (!r.started().isBefore(to)) continue;
      if (r.ended().isPresent() && r.ended().get().isBefore(from)) continue;
      if (r.ended().isEmpty() && "critical".equals(r.priority())) b.critical.add(r.run());
      b.run(r, store.read(r.run(), 0));
    }
    return new Observations(
        from,
        to,
        b.attempts,
        b.steps,
        b.ratings,
        b.phases,
        b.gaps,
        b.created,
        b.critical,
        b.routed,
        b.executions);
  }

  private static final class Builder {
    final Instant from, to;
    final List<AttemptFact> attempts = new ArrayList<>();
    final List<StepFact> steps = new ArrayList<>();
    final List<Rating> ratings = new ArrayList<>();
    final List<PhaseFact> phases = new ArrayList<>();
    final List<GapFact> gaps = new ArrayList<>();
    final List<String> created = new ArrayList<>();
    final Set<String> critical = new LinkedHashSet<>();
    final Set<String> routed = new HashSet<>();
    final List<Execution> executions = new ArrayList<>();

    Builder(Instant from, Instant to) {
      this.from = from;
      this.to = to;
    }

    boolean in(Instant t) {
      return !t.isBefore(from) && t.isBefore(to);
    }

    void run(RunSummary r, List<JournalEntry> entries) {
      String run = r.run();
      String wf = r.workflow();
      Map<String, String> template = new HashMap<>();
      Map<String, Long> tunedEstimates = Map.of();
      long version = 0;
      Map<String, Long> handoffEstimate = new HashMap<>();
      Set<String> overran = new HashSet<>();
      Map<String, Set<String>> stepAgents = new HashMap<>();
      Map<String, Set<String>> stepFailing = new HashMap<>();
      Set<String> stepsInPeriod = new LinkedHashSet<>();
      Set<String> escalated = new HashSet<>();
      Set<String> agentsOfRun = new LinkedHashSet<>();
      Map<String, Instant> phaseStart = new HashMap<>();
      Map<String, Long> phaseOver = new HashMap<>();
      List<Rating> runRatings = new ArrayList<>();
      Map<String, Exec> execs = new LinkedHashMap<>();
      Map<String, String> phaseOf = new HashMap<>();
      for (JournalEntry e : entries) {
        boolean in = in(e.time());
        exec(e, execs, phaseOf);
        switch (e.event()) {
          case Event.ConfigurationApplied c -> {
            version = c.version();
            tunedEstimates = c.estimateMillis() == null ? Map.of() : c.estimateMillis();
          }
          case Event.PhaseStarted p -> {
            phaseStart.put(p.phase(), e.time());
            for (Event.PlannedStep s : p.steps()) {
              template.put(s.id(), s.template());
              // steps without a named agent are routed by their capabilities (docs/conflicts.md)
              if (s.agent() == null || s.agent().isEmpty()) routed.add(wf + "/" + s.template());
            }
          }
          case Event.PhaseBudgetExceeded p -> phaseOver.put(p.phase(), p.budgetMillis());
          case Event.PhaseSucceeded p -> phase(run, wf, p.phase(), e, phaseStart, phaseOver);
          case Event.PhaseFailed p -> phase(run, wf, p.phase(), e, phaseStart, phaseOver);
          case Event.HandoffSent h -> {
            if (h.handoff() != null && h.handoff().get("estimatedTime") instanceof Number n)
              handoffEstimate.put(h.step(), n.longValue() * 60_000);
          }
          case Event.EstimateExceeded x -> overran.add(x.step() + "#" + x.attempt());
          case Event.StepStarted s -> {
            if (!"meta".equals(s.agent())) agentsOfRun.add(s.agent());
          }
          case Event.StepSucceeded s ->
              attempt(
                  run,
                  e,
                  wf,
                  template,
                  s.step(),
                  s.agent(),
                  true,
                  s.durationMillis(),
                  s.attempt(),
                  tunedEstimates,
                  handoffEstimate,
                  overran,
                  version,
                  stepAgents,
                  stepFailing,
                  stepsInPeriod);
          case Event.StepFailed s ->
              attempt(
                  run,
                  e,
                  wf,
                  template,
                  s.step(),
                  s.agent(),
                  false,
                  s.durationMillis(),
                  s.attempt(),
                  tunedEstimates,
                  handoffEstimate,
                  overran,
                  version,
                  stepAgents,
                  stepFailing,
                  stepsInPeriod);
          case Event.StepTimedOut s ->
              attempt(
                  run,
                  e,
                  wf,
                  template,
                  s.step(),
                  s.agent(),
                  false,
                  s.durationMillis(),
                  s.attempt(),
                  tunedEstimates,
                  handoffEstimate,
                  overran,
                  version,
                  stepAgents,
                  stepFailing,
                  stepsInPeriod);
          case Event.Replanned p -> {
            if (in && p.step() != null) escalated.add(p.step());
          }
          case Event.StepHandedOver h -> {
            if (in) escalated.add(h.step());
          }
          case Event.KnowledgeGap g -> {
            if (in) {
              escalated.add(g.step());
              stepFailing.computeIfAbsent(g.step(), k -> new HashSet<>()).add(g.agent());
              gaps.add(new GapFact(run, e.seq(), wf, g.agent(), g.capability()));
            }
          }
          case Event.AgentCreated a -> {
            if (in) created.add(a.agent());
          }
          case Event.FeedbackRecorded f -> {
            if (in)
              runRatings.add(
                  new Rating(
                      run, e.seq(), f.agent(), f.quality(), f.collaboration(), f.satisfaction()));
          }
          default -> {}
        }
      }
      for (Rating x : runRatings) {
        if (x.agent() != null) ratings.add(x);
        else
          for (String a : agentsOfRun)
            ratings.add(
                new Rating(x.run(), x.seq(), a, x.quality(), x.collaboration(), x.satisfaction()));
      }
      for (var x : execs.entrySet()) {
        Exec ex = x.getValue();
        if (ex.last == null || !in(ex.last) || ex.outcome.isEmpty()) continue;
        String step = x.getKey();
        executions.add(
            new Execution(
                run,
                wf,
                phaseOf.getOrDefault(step, ""),
                template.getOrDefault(step, step),
                ex.outcome,
                ex.skipReason,
                ex.retryAttempts.size(),
                ex.retryHelped,
                ex.retryMillis,
                ex.troubled || escalated.contains(step),
                List.copyOf(ex.failing),
                version,
                ex.last));
      }
      // a step's escalation counts against the agents whose failure or gap led to it
      for (String step : stepsInPeriod)
        for (String agent : stepAgents.getOrDefault(step, Set.of()))
          steps.add(
              new StepFact(
                  run,
                  wf,
                  template.getOrDefault(step, step),
                  agent,
                  escalated.contains(step)
                      && stepFailing.getOrDefault(step, Set.of()).contains(agent)));
    }

    /** What one step of a run went through, for its {@link Execution}. */
    static final class Exec {
      String outcome = "";
      String skipReason = "";
      final Set<Integer> retryAttempts = new HashSet<>();
      boolean retryHelped, troubled;
      long retryMillis;
      final Set<String> failing = new java.util.TreeSet<>();
      Instant last;
    }

    private static void exec(JournalEntry e, Map<String, Exec> execs, Map<String, String> phaseOf) {
      switch (e.event()) {
        case Event.PhaseStarted p -> {
          for (Event.PlannedStep s : p.steps()) phaseOf.put(s.id(), p.phase());
        }
        case Event.StepRetrying r -> at(execs, r.step(), e).retryAttempts.add(r.attempt());
        case Event.StepSkipped s -> {
          Exec x = at(execs, s.step(), e);
          // a step skipped after failing (onFailure: skip) stays failed
          if (x.outcome.isEmpty()) x.outcome = "skipped";
          x.skipReason = s.reason();
        }
        case Event.StepSucceeded s -> {
          Exec x = at(execs, s.step(), e);
          x.outcome = "succeeded";
          if (x.retryAttempts.contains(s.attempt())) {
            x.retryHelped = true;
            x.retryMillis += s.durationMillis();
          }
        }
        case Event.StepFailed s ->
            failed(at(execs, s.step(), e), s.agent(), s.attempt(), s.durationMillis());
        case Event.StepTimedOut s ->
            failed(at(execs, s.step(), e), s.agent(), s.attempt(), s.durationMillis());
        default -> {}
      }
    }

    private static Exec at(Map<String, Exec> execs, String step, JournalEntry e) {
      Exec x = execs.computeIfAbsent(step, k -> new Exec());
      x.last = e.time();
      return x;
    }

    private static void failed(Exec x, String agent, int attempt, long millis) {
      x.outcome = "failed";
      x.troubled = true;
      if (agent != null) x.failing.add(agent);
      if (x.retryAttempts.contains(attempt)) x.retryMillis += millis;
    }

    void phase(
        String run,
        String wf,
        String phase,
        JournalEntry e,
        Map<String, Instant> start,
        Map<String, Long> over) {
      Instant s = start.get(phase);
      if (s == null || !in(e.time())) return;
      phases.add(
          new PhaseFact(
              run,
              wf,
              phase,
              e.time().toEpochMilli() - s.toEpochMilli(),
              over.getOrDefault(phase, 0L)));
    }

    void attempt(
        String run,
        JournalEntry e,
        String wf,
        Map<String, String> template,
        String step,
        String agent,
        boolean ok,
        long millis,
        int attempt,
        Map<String, Long> tuned,
        Map<String, Long> handoff,
        Set<String> overran,
        long version,
        Map<String, Set<String>> stepAgents,
        Map<String, Set<String>> stepFailing,
        Set<String> stepsInPeriod) {
      if (agent == null || "meta".equals(agent) || !in(e.time())) return;
      String type = template.getOrDefault(step, step);
      long estimate = tuned.getOrDefault(type, handoff.getOrDefault(step, 0L));
      attempts.add(
          new AttemptFact(
              run,
              e.seq(),
              wf,
              type,
              agent,
              ok,
              millis,
              estimate,
              overran.contains(step + "#" + attempt),
              version,
              e.time(),
              attempt == 1));
      stepAgents.computeIfAbsent(step, k -> new LinkedHashSet<>()).add(agent);
      if (!ok) stepFailing.computeIfAbsent(step, k -> new HashSet<>()).add(agent);
      stepsInPeriod.add(step);
    }
  }
}
