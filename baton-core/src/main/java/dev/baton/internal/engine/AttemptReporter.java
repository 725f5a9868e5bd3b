package dev.baton.internal.engine;

import dev.baton.agent.Answer;
import dev.baton.agent.LlmCall;
import dev.baton.agent.Reporter;
import dev.baton.agent.Status;
import dev.baton.journal.Event;
import dev.baton.journal.EventCodec;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.workflow.AgentSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Turns what an agent reports during an attempt into journal events of its run. */
final class AttemptReporter implements Reporter {
  @SuppressWarnings("unchecked")
  private static final Class<Map<String, Object>> MAP =
      (Class<Map<String, Object>>) (Class<?>) Map.class;

  private final RunActor run;
  private final InFlight f;

  AttemptReporter(RunActor run, InFlight f) {
    this.run = run;
    this.f = f;
  }

  /** Emits only while the attempt is still the step's current one. */
  private void report(Supplier<Event> event) {
    report(event, () -> {});
  }

  /**
   * As above, then {@code then} on the run's thread (how conflicts react to gaps and support
   * requests).
   */
  private void report(Supplier<Event> event, Runnable then) {
    run.send(() -> {
      StepState st = run.state.step(f.step).orElse(null);
      if (st == null || st.status() != StepStatus.RUNNING || st.attempt() != f.attempt) return;
      run.emit(event.get());
      then.run();
    });
  }

  @Override
  public void status(Status status) {
    f.lastReport = run.now();
    Status s =
        new Status(
            status.agentId() == null ? f.agent : status.agentId(),
            status.currentTask() == null
                ? Ids.attempt(run.id, f.step, f.attempt)
                : status.currentTask(),
            status.progress(),
            status.estimatedCompletion(),
            status.blockers(),
            status.requestedSupport(),
            status.message());
    Map<String, Object> json = EventCodec.mapper().convertValue(s, MAP);
    report(() -> new Event.StatusReported(f.step, f.agent, f.attempt, s.progress(), json));
    if (s.requestedSupport() != null) {
      int i = 0;
      for (Status.SupportRequest r : s.requestedSupport()) {
        String request = Ids.supportRequest(f.step, f.attempt, ++i, System.nanoTime());
        Event.SupportRequested e =
            new Event.SupportRequested(
                f.step, f.agent, request, r.fromAgent(), r.reason(), r.urgency());
        report(() -> e, () -> run.parts.support().requested(run, e));
      }
    }
  }

  @Override
  public void llmCalled(LlmCall call) {
    f.lastReport = run.now();
    report(
        () ->
            new Event.LlmCalled(
                f.step,
                f.agent,
                f.attempt,
                call.model(),
                call.inputTokens(),
                call.outputTokens(),
                call.costUsd(),
                call.latencyMs()),
        () -> Spending.check(run, f.step));
  }

  @Override
  public void finding(List<String> tags, String summary) {
    report(() ->
        new Event.FindingReported(
            f.step, f.agent, tags == null ? List.of() : List.copyOf(tags), summary));
  }

  @Override
  public void handoffNotes(Map<String, Object> notes) {
    report(() -> new Event.HandoffNotes(f.step, f.agent, f.attempt, notes));
  }

  @Override
  public void gap(String capability, String reason) {
    report(
        () -> new Event.KnowledgeGap(f.step, f.agent, capability, reason),
        () -> run.parts.gaps().reported(run, f, capability, reason));
  }

  /** A review of a step the run does not have is a warning, never feedback about nobody. */
  @Override
  public void review(String step, int quality) {
    report(() -> {
      if (run.state.step(step).isEmpty() && run.workflow.step(step).isEmpty())
        return new Event.ProtocolWarning(
            f.step,
            f.agent,
            f.attempt,
            "@baton review {\"step\": " + EventCodec.json(step) + ", \"quality\": " + quality + "}",
            "unknown step '" + step + "': the review was not recorded");
      String agent = run.state.step(step).map(StepState::agent).orElse(null);
      return new Event.FeedbackRecorded(step, agent, quality, null, null, f.agent);
    });
  }

  /** The receiver rates the handoff it got: it counts for the sender's collaboration score. */
  @Override
  public void handoffRating(int collaboration) {
    String from = f.handoff == null ? null : f.handoff.fromAgent();
    if (from == null || AgentSpec.META.equals(from)) return;
    report(() -> new Event.FeedbackRecorded(null, from, null, collaboration, null, f.agent));
  }

  @Override
  public CompletableFuture<Answer> ask(String question) {
    f.lastReport = run.now();
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    run.send(() -> run.parts.failures().tasks().ask(run, f, question, answer));
    return answer;
  }

  @Override
  public void warning(String line, String reason) {
    report(() -> new Event.ProtocolWarning(f.step, f.agent, f.attempt, line, reason));
  }
}
