package dev.baton.internal.engine;

import dev.baton.agent.Agent;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.metrics.MetricsTracker;
import dev.baton.run.RunStatus;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Durations;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starting attempts, and recording how they end (success, failure, timeout, cancellation, retry).
 */
final class Attempts {
  private final RunActor run;

  Attempts(RunActor run) {
    this.run = run;
  }

  void tryStart(Phase phase, StepState st) {
    StepSpec spec = Progress.spec(run, st);
    if (st.attemptsThisRound() == 0 && run.state.skipRequested(st.id())) {
      run.emit(new Event.StepSkipped(phase.name(), st.id(), "skipped by a person's decision"));
      return;
    }
    if (st.attemptsThisRound() == 0
        && st.status() == StepStatus.PENDING
        && spec.when().isPresent()) {
      boolean go;
      try {
        go = spec.when().get().test(Variables.of(run.state, run.workflow, run.now(), st.item()));
      } catch (RuntimeException e) {
        run.emit(
            new Event.StepSkipped(
                phase.name(), st.id(), "when could not be evaluated: " + e.getMessage()));
        return;
      }
      if (!go) {
        run.emit(
            new Event.StepSkipped(
                phase.name(), st.id(), "when is false: " + spec.when().get().source()));
        return;
      }
    }
    Optional<String> agentName =
        Planner.agentFor(
            run.state,
            run.workflow,
            st,
            run.agents,
            run.parts.resources()::localLoad,
            run.parts.successRates()::rate);
    // conflicts: a capability mismatch or nobody capable hands the step to a specialist (Gaps)
    agentName = run.parts.gaps().resolve(run, phase, st, spec, agentName);
    if (run.state.status() != RunStatus.RUNNING) return; // Gaps asked a person
    if (agentName.isEmpty() || run.agent(agentName.get()).isEmpty()) {
      String why =
          agentName
              .map(a -> "unknown agent '" + a + "'")
              .orElse(
                  Planner.PRIMARY.equals(st.plannedAgent())
                      ? "the run has no primary agent yet"
                      : "no agent has the capabilities " + spec.requires());
      int attempt = st.attempt() + 1;
      run.emit(
          new Event.StepStarted(
              phase.name(), st.id(), AgentSpec.META, attempt, spec.task().source()));
      run.emit(new Event.StepFailed(phase.name(), st.id(), AgentSpec.META, attempt, why, 0));
      failed(phase, run.state.step(st.id()).orElseThrow(), spec);
      return;
    }
    String agent = agentName.get();
    // conflicts: the agent's slot and the step's resources, at once, through the store's arbiter
    // (Resources)
    if (!run.parts
        .resources()
        .claimStep(run, phase, st, spec, agent, () -> granted(st.id(), agent))) return;
    start(phase, st, spec, agent);
  }

  private void granted(String stepId, String agent) {
    run.waitingForSlot.remove(stepId);
    StepState st = run.state.step(stepId).orElse(null);
    if (st == null
        || st.status() != StepStatus.QUEUED
        || !run.state.phaseActive()
        || run.state.status().finished()) {
      run.parts.resources().release(run, stepId);
      return;
    }
    start(run.workflow.phase(st.phase()).orElseThrow(), st, Progress.spec(run, st), agent);
  }

  private void start(Phase phase, StepState st, StepSpec spec, String agent) {
    int attempt = st.attempt() + 1;
    String source =
        spec.task()
            .source(); // without placeholders a task renders as itself: no variables to build
    String task =
        source.contains("{{")
            ? spec.task().render(Variables.of(run.state, run.workflow, run.now(), st.item()))
            : source;
    run.emit(new Event.StepStarted(phase.name(), st.id(), agent, attempt, task));
    Handoff handoff = Handoffs.build(run.state, run.workflow, st, agent, attempt, task);
    run.emit(new Event.HandoffSent(st.id(), agent, attempt, Handoffs.json(handoff)));
    if (run.agent(agent).map(a -> a.kind() instanceof AgentSpec.Human).orElse(false)) {
      run.parts
          .failures()
          .tasks()
          .open(
              run,
              TaskKind.INPUT,
              task,
              HumanAction.options(HumanAction.APPROVE, HumanAction.REJECT),
              st.id(),
              "step " + st.id() + " is assigned to " + agent + ", a person",
              TaskCause.AGENT,
              true);
      return;
    }
    run.afterCommit(() -> launch(st.id(), attempt, agent, handoff));
  }

  /** Starts (or, after a crash, restarts) the attempt in this process. */
  void launch(String stepId, int attempt, String agentName, Handoff handoff) {
    StepState st = run.state.step(stepId).orElseThrow();
    StepSpec spec = Progress.spec(run, st);
    Phase phase = run.workflow.phase(st.phase()).orElseThrow();
    int capacity = run.agent(agentName).map(AgentSpec::capacity).orElse(1);
    boolean pooled = !AgentSpec.META.equals(agentName);
    InFlight f = new InFlight(stepId, attempt, agentName, pooled ? capacity : 0, handoff);
    run.inflight.put(stepId, f);
    Instant started = st.startedAt() != null ? st.startedAt() : run.now();
    spec.timeout()
        .ifPresent(t ->
            f.timers.add(
                run.parts
                    .timers()
                    .schedule(
                        run.now().plus(t),
                        () ->
                            f.stop(
                                InFlight.Stop.TIMEOUT, "timed out after " + Durations.format(t)))));
    spec.estimate()
        .ifPresent(e -> {
          Duration alertAfter = Duration.ofMillis((long) (e.toMillis() * phase.alertAt()));
          f.timers.add(
              run.parts
                  .timers()
                  .schedule(
                      started.plus(alertAfter), () -> run.send(() -> estimateExceeded(f, e))));
        });
    f.lastReport = run.now();
    watchForStall(f);
    Agent agent = run.parts.agents().agentFor(run, agentName);
    run.parts
        .performer()
        .perform(run, f, agent, handoff, false, outcome -> run.send(() -> finished(f, outcome)));
  }

  /**
   * The meta agent's watch: a running attempt that reports nothing for {@code stallAfter} is
   * flagged once.
   */
  private void watchForStall(InFlight f) {
    Duration silence = run.parts.stallAfter();
    f.timers.add(
        run.parts
            .timers()
            .schedule(
                f.lastReport.plus(silence),
                () ->
                    run.send(() -> {
                      StepState st = run.state.step(f.step).orElse(null);
                      if (st == null
                          || st.status() != StepStatus.RUNNING
                          || st.attempt() != f.attempt
                          || run.inflight.get(f.step) != f) return;
                      Duration quiet = Duration.between(f.lastReport, run.now());
                      if (quiet.compareTo(silence) < 0) {
                        watchForStall(f);
                        return;
                      }
                      if (f.stalled) return;
                      f.stalled = true;
                      run.emit(
                          new Event.AlertRaised(
                              Ids.stallAlert(run.id, f.step, f.attempt),
                              "stall",
                              f.agent,
                              MetricsTracker.taskType(f.step),
                              quiet.toSeconds(),
                              silence.toSeconds(),
                              "step "
                                  + f.step
                                  + " ("
                                  + f.agent
                                  + ") has reported nothing for "
                                  + Durations.format(quiet.truncatedTo(ChronoUnit.SECONDS)),
                              run.id,
                              f.step));
                    })));
  }

  private void estimateExceeded(InFlight f, Duration estimate) {
    StepState st = run.state.step(f.step).orElseThrow();
    if (st.status() != StepStatus.RUNNING || st.attempt() != f.attempt) return;
    long elapsed = Duration.between(st.startedAt(), run.now()).toMillis();
    run.emit(
        new Event.EstimateExceeded(
            st.phase(), st.id(), f.agent, f.attempt, estimate.toMillis(), elapsed));
  }

  void finished(InFlight f, Outcome outcome) {
    if (run.inflight.get(f.step) == f) run.inflight.remove(f.step);
    f.cancelTimers();
    run.parts.resources().release(run, f.step);
    StepState st = run.state.step(f.step).orElse(null);
    if (st == null || st.status() != StepStatus.RUNNING || st.attempt() != f.attempt) return;
    run.parts
        .failures()
        .tasks()
        .withdraw(run, f.step, "attempt " + f.attempt + " of step " + f.step + " ended");
    StepSpec spec = Progress.spec(run, st);
    Phase phase = run.workflow.phase(st.phase()).orElseThrow();
    long ms = Math.max(0, Duration.between(st.startedAt(), run.now()).toMillis());
    switch (f.stop) {
      case TIMEOUT -> {
        run.emit(
            new Event.StepTimedOut(
                phase.name(), st.id(), f.agent, f.attempt, f.cancellation.reason(), ms));
        failed(phase, st, spec);
      }
      case CANCEL ->
          run.emit(
              new Event.StepCancelled(
                  phase.name(), st.id(), f.agent, f.attempt, f.cancellation.reason()));
      case PREEMPT ->
          run.emit(
              new Event.StepPreempted(
                  phase.name(), st.id(), f.agent, f.attempt, f.cancellation.reason()));
      case NONE -> {
        switch (outcome) {
          case Outcome.Succeeded ok when !spec.success().check().isEmpty() ->
              run.parts
                  .performer()
                  .check(run, f, spec, ok, passed -> run.send(() -> checked(f, ok, passed, ms)));
          case Outcome.Succeeded ok -> succeeded(phase, st, spec, ok.output(), ms);
          case Outcome.Failed no -> {
            run.emit(
                new Event.StepFailed(phase.name(), st.id(), f.agent, f.attempt, no.error(), ms));
            failed(phase, st, spec);
          }
        }
      }
    }
  }

  private void checked(InFlight f, Outcome.Succeeded ok, Outcome check, long ms) {
    StepState st = run.state.step(f.step).orElseThrow();
    if (st.status() != StepStatus.RUNNING || st.attempt() != f.attempt) return;
    StepSpec spec = Progress.spec(run, st);
    Phase phase = run.workflow.phase(st.phase()).orElseThrow();
    if (check instanceof Outcome.Failed no) {
      run.emit(
          new Event.StepFailed(
              phase.name(),
              st.id(),
              f.agent,
              f.attempt,
              "success check failed: " + no.error(),
              ms));
      failed(phase, st, spec);
    } else {
      succeeded(phase, st, spec, ok.output(), ms);
    }
  }

  private void succeeded(Phase phase, StepState st, StepSpec spec, Object output, long ms) {
    run.emit(new Event.StepSucceeded(phase.name(), st.id(), st.agent(), st.attempt(), output, ms));
    if (spec.assignsPrimary()
        && output instanceof Map<?, ?> m
        && !(m.get("primary") instanceof String)
        && m.get("ask") != null) {
      askWhoLeads(phase, st, m);
    } else if (spec.assignsPrimary()
        && output instanceof Map<?, ?> m
        && m.get("primary") instanceof String p
        && !p.isBlank()) {
      if (run.agents.containsKey(p)) {
        Object reason = m.get("reason");
        Object confidence = m.get("confidence");
        run.emit(
            new Event.PrimaryAssigned(
                p,
                st.id(),
                (confidence instanceof Number c
                        ? "confidence " + Math.round(c.doubleValue() * 100) + "%: "
                        : "")
                    + (reason == null ? "assigned by step " + st.id() : String.valueOf(reason))));
      } else {
        run.emit(
            new Event.ProtocolWarning(
                st.id(),
                st.agent(),
                st.attempt(),
                String.valueOf(m),
                "primary '" + p + "' is not a known agent"));
      }
    }
  }

  /**
   * The triage step was unsure who should lead: a person chooses among its candidates (a blocking
   * human task; {@code baton decide TASK lead AGENT}, or {@code approve} for the first candidate).
   */
  private void askWhoLeads(Phase phase, StepState st, Map<?, ?> output) {
    List<String> options = new ArrayList<>();
    if (output.get("candidates") instanceof List<?> candidates)
      for (Object c : candidates)
        if (c instanceof Map<?, ?> cm
            && cm.get("agent") instanceof String a
            && run.agents.containsKey(a)) options.add(HumanAction.LEAD.usage(a));
    options.add(HumanAction.ABORT.word());
    Object reason = output.get("reason");
    run.parts
        .failures()
        .tasks()
        .open(
            run,
            TaskKind.INPUT,
            "Who should lead? " + (reason == null ? "" : reason),
            options,
            st.id(),
            "the meta agent was unsure who should lead (phase " + phase.name() + ")",
            TaskCause.TRIAGE,
            true);
  }

  /**
   * A failed attempt: retry after backoff while attempts remain; otherwise the phase's gate fails.
   */
  void failed(Phase phase, StepState st, StepSpec spec) {
    if (st.attemptsThisRound() <= spec.retries()) {
      long delay = spec.retryDelay().toMillis() << Math.min(20, st.attemptsThisRound() - 1);
      run.emit(new Event.StepRetrying(phase.name(), st.id(), st.attempt() + 1, delay, st.error()));
    }
  }
}
