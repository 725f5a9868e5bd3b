package dev.baton.internal.engine;

import dev.baton.agent.Answer;
import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.RunCommand;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.run.HumanTaskState;
import dev.baton.run.RunStatus;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Questions for people (docs/architecture.md#human-tasks): opening them (a blocking one puts the
 * run in WAITING) and applying decisions, whose meaning depends on what opened the task (its {@code
 * cause}).
 */
final class HumanTasks {
  private static final Logger log = LoggerFactory.getLogger(HumanTasks.class);
  static final List<String> FAILURE_OPTIONS =
      List.of(
          HumanAction.CONTINUE.word(),
          HumanAction.RETRY.usage("STEP"),
          HumanAction.REASSIGN.usage("STEP", "AGENT"),
          HumanAction.ABORT.word());
  private final Failures failures;

  HumanTasks(Failures failures) {
    this.failures = failures;
  }

  String open(
      RunActor run,
      TaskKind kind,
      String question,
      List<String> options,
      String step,
      String reason,
      TaskCause cause,
      boolean blocking) {
    return open(
        run,
        Ids.humanTask(run.id, run.state.humanTasks().size() + 1),
        kind,
        question,
        options,
        step,
        reason,
        cause,
        blocking);
  }

  /** Opens a task with a given id (unique in the store). */
  String open(
      RunActor run,
      String id,
      TaskKind kind,
      String question,
      List<String> options,
      String step,
      String reason,
      TaskCause cause,
      boolean blocking) {
    run.emit(new Event.HumanTaskOpened(id, kind, question, options, step, reason, cause, blocking));
    if (blocking && run.state.status() == RunStatus.RUNNING)
      run.emit(new Event.RunWaiting(id, question));
    return id;
  }

  void resolve(RunActor run, RunCommand c) {
    Optional<HumanTaskState> found =
        run.state.humanTasks().stream().filter(t -> t.id().equals(c.task())).findFirst();
    if (found.isEmpty() || !found.get().open()) {
      log.warn("run {}: decision for {} ignored: no such open task", run.id, c.task());
      return;
    }
    HumanTaskState t = found.get();
    Optional<HumanAction> given = HumanAction.of(c.action());
    if (given.isEmpty()) {
      log.warn("run {}: decision {} for {} ignored: not an action", run.id, c.action(), c.task());
      return;
    }
    HumanAction action = normalize(t, given.get());
    String by = c.by().isEmpty() ? "someone" : c.by();
    run.emit(new Event.HumanTaskResolved(t.id(), action, c.args(), c.by(), c.note()));
    boolean stillBlocked = run.state.humanTasks().stream().anyMatch(x -> x.open() && x.blocking());
    if (!stillBlocked && run.state.status() == RunStatus.WAITING && action != HumanAction.ABORT) {
      run.emit(
          new Event.RunResumed(
              t.id(), by + " decided " + action + (c.note().isEmpty() ? "" : ": " + c.note())));
    }
    switch (t.cause()) {
      case FAILURE -> failures.afterFailureDecision(run, action, c.args(), by);
      case AGENT -> agentAnswer(run, t, action, c, by);
      case TRIAGE -> whoLeads(run, t, action, c, by);
      case INPUT ->
          run.answered(
              t.id(),
              action == HumanAction.CONTINUE
                  ? Answer.given(c.note().isEmpty() ? "approve" : c.note(), by)
                  : Answer.refused(
                      "refused by " + by + (c.note().isEmpty() ? "" : ": " + c.note()), by));
      case CANCEL -> {
        if (action == HumanAction.APPROVE) failures.cancelNow(run, by, "cancel approved by " + by);
      }
      case GAP -> {
        if (action == HumanAction.REASSIGN
            && c.args().size() == 2
            && run.agents.containsKey(c.args().get(1))) {
          StepState st = run.state.step(c.args().get(0)).orElse(null);
          if (st != null)
            run.emit(
                new Event.StepHandedOver(
                    st.phase(), st.id(), st.agent(), c.args().get(1), "reassigned by " + by));
        } else if (action == HumanAction.ABORT) {
          failures.cancelNow(run, by, "aborted by " + by);
        }
      }
      case COMPENSATION -> {
        if (action == HumanAction.ABORT)
          run.emit(
              new Event.RunCancelled("aborted by " + by + " after a failed compensation", c.by()));
      }
      case RULE, BUDGET, MERGE, SUPPORT, PROPOSAL -> {
        if (action == HumanAction.ABORT) failures.cancelNow(run, by, "aborted by " + by);
      }
    }
  }

  /**
   * The input an attempt asked for ({@link dev.baton.agent.Reporter#ask}): the same question of the
   * same attempt (a restarted one) finds its task again, answered or not; else a blocking task of
   * kind input opens. {@code answer} completes when a person decides.
   */
  void ask(RunActor run, InFlight f, String question, CompletableFuture<Answer> answer) {
    StepState st = run.state.step(f.step).orElse(null);
    if (st == null || st.status() != StepStatus.RUNNING || st.attempt() != f.attempt) {
      answer.complete(Answer.refused("the attempt has ended", "baton"));
      return;
    }
    HumanTaskState asked = null;
    for (HumanTaskState t : run.state.humanTasks())
      if (t.cause() == TaskCause.INPUT
          && f.step.equals(t.step())
          && t.question().equals(question)
          && !t.opened().isBefore(st.startedAt())) asked = t;
    if (asked != null && !asked.open()) {
      boolean given = asked.decision() == HumanAction.CONTINUE;
      String note = asked.note() == null ? "" : asked.note();
      String by = asked.by() == null || asked.by().isEmpty() ? "someone" : asked.by();
      answer.complete(
          given
              ? Answer.given(note.isEmpty() ? "approve" : note, by)
              : Answer.refused("refused by " + by + (note.isEmpty() ? "" : ": " + note), by));
      return;
    }
    String id =
        asked != null
            ? asked.id()
            : open(
                run,
                TaskKind.INPUT,
                question,
                List.of("approve", "reject"),
                f.step,
                "step " + f.step + " (" + f.agent + ") asks for input; approve with a note answers",
                TaskCause.INPUT,
                true);
    run.questions.computeIfAbsent(id, k -> new ArrayList<>()).add(answer);
  }

  /** The attempt of {@code step} ended: its questions nobody answered are withdrawn. */
  void withdraw(RunActor run, String step, String why) {
    String withdrawn = null;
    for (HumanTaskState t : run.state.openHumanTasks()) {
      if (t.cause() != TaskCause.INPUT || !step.equals(t.step())) continue;
      run.emit(new Event.HumanTaskResolved(t.id(), HumanAction.ABORT, List.of(), "baton", why));
      run.answered(t.id(), Answer.refused(why, "baton"));
      withdrawn = t.id();
    }
    if (withdrawn == null) return;
    boolean stillBlocked = run.state.humanTasks().stream().anyMatch(x -> x.open() && x.blocking());
    if (!stillBlocked && run.state.status() == RunStatus.WAITING)
      run.emit(new Event.RunResumed(withdrawn, "the question of step " + step + " was withdrawn"));
  }

  /**
   * A person said who leads ({@code lead AGENT}, or {@code continue} for the first candidate): the
   * run's primary, and an example the next triages learn from.
   */
  private void whoLeads(
      RunActor run, HumanTaskState t, HumanAction action, RunCommand c, String by) {
    if (action == HumanAction.ABORT) {
      failures.cancelNow(run, by, "aborted by " + by);
      return;
    }
    String agent = null;
    if (action == HumanAction.LEAD && !c.args().isEmpty()) agent = c.args().getFirst();
    else if (action == HumanAction.CONTINUE)
      agent =
          t.options().stream()
              .filter(o -> o.startsWith("lead "))
              .map(o -> o.substring(5))
              .findFirst()
              .orElse(null);
    if (agent == null || !run.agents.containsKey(agent)) {
      log.warn("run {}: '{}' names no agent of the run; the lead stays open", run.id, action);
      return;
    }
    String reason = "chosen by " + by + (c.note().isEmpty() ? "" : ": " + c.note());
    run.emit(new Event.PrimaryAssigned(agent, t.step(), reason));
    run.parts.triages().corrected(run, agent, reason);
  }

  /** approve = continue, reject = abort — except on approvals, which keep their words. */
  private static HumanAction normalize(HumanTaskState t, HumanAction action) {
    if (t.kind() == TaskKind.APPROVAL)
      return switch (action) {
        case CONTINUE -> HumanAction.APPROVE;
        case ABORT -> HumanAction.REJECT;
        default -> action;
      };
    return switch (action) {
      case APPROVE -> HumanAction.CONTINUE;
      case REJECT -> HumanAction.ABORT;
      default -> action;
    };
  }

  /** A human agent's step: the person's decision is the step's result. */
  private void agentAnswer(
      RunActor run, HumanTaskState t, HumanAction action, RunCommand c, String by) {
    StepState st = run.state.step(t.step()).orElse(null);
    if (st == null || st.status() != StepStatus.RUNNING) return;
    long ms = Math.max(0, Duration.between(st.startedAt(), run.now()).toMillis());
    if (action == HumanAction.CONTINUE) {
      run.emit(
          new Event.StepSucceeded(
              st.phase(),
              st.id(),
              st.agent(),
              st.attempt(),
              Map.of("decision", HumanAction.APPROVE.word(), "by", by, "note", c.note()),
              ms));
    } else {
      run.emit(
          new Event.StepFailed(
              st.phase(),
              st.id(),
              st.agent(),
              st.attempt(),
              "rejected by " + by + (c.note().isEmpty() ? "" : ": " + c.note()),
              ms));
      run.attempts.failed(
          run.workflow.phase(st.phase()).orElseThrow(),
          run.state.step(st.id()).orElseThrow(),
          Progress.spec(run, st));
    }
  }
}
