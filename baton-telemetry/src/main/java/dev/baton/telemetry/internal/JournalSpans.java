package dev.baton.telemetry.internal;

import dev.baton.agent.TraceContext;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Opens and ends spans as journal events commit: {@code run WORKFLOW} (from {@code RunStarted} or
 * {@code RunResumed} to the run's end), {@code phase NAME} within it (one per round), and {@code
 * step ID} per attempt within its phase, {@code chat MODEL} per chat model call within its attempt
 * (with the {@code gen_ai.*} attributes of OpenTelemetry's conventions). Notable events
 * (escalations, re-plans, findings, human tasks, rollbacks) become span events of the run. Times
 * are the journal's.
 */
public final class JournalSpans implements Consumer<List<JournalEntry>>, AutoCloseable {
  static final AttributeKey<String> RUN = AttributeKey.stringKey("baton.run.id");
  static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("baton.workflow");
  static final AttributeKey<String> PHASE = AttributeKey.stringKey("baton.phase");
  static final AttributeKey<String> STEP = AttributeKey.stringKey("baton.step");
  static final AttributeKey<String> AGENT = AttributeKey.stringKey("baton.agent");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("baton.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("baton.outcome");
  // OpenTelemetry's semantic conventions for generative AI (gen_ai.*)
  static final AttributeKey<String> GEN_AI_OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> GEN_AI_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Long> GEN_AI_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("baton.llm.cost_usd");

  private final Tracer tracer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Span> runs = new ConcurrentHashMap<>();
  private final Map<String, Span> phases = new ConcurrentHashMap<>();
  private final Map<String, Span> attempts = new ConcurrentHashMap<>();

  public JournalSpans(Tracer tracer) {
    this.tracer = tracer;
  }

  @Override
  public void accept(List<JournalEntry> batch) {
    lock.lock();
    try {
      for (JournalEntry e : batch) record(e);
    } finally {
      lock.unlock();
    }
  }

  private void record(JournalEntry e) {
    String run = e.run();
    Instant t = e.time();
    switch (e.event()) {
      case Event.RunStarted s -> startRun(run, s.workflow(), t);
      case Event.RunResumed r -> {
        if (!runs.containsKey(run)) startRun(run, "", t);
        event(run, "resumed", t, r.reason());
      }
      case Event.PhaseStarted p -> {
        Span parent = runs.get(run);
        Span span =
            open(
                builder("phase " + p.phase(), parent, run, t)
                    .setAttribute(PHASE, p.phase())
                    .setAttribute("baton.phase.round", p.round()),
                run,
                TraceContext.phaseSpanId(run, p.phase(), p.round()));
        phases.put(run + '/' + p.phase(), span);
      }
      case Event.PhaseSucceeded p -> end(phases.remove(run + '/' + p.phase()), null, t);
      case Event.PhaseFailed p -> end(phases.remove(run + '/' + p.phase()), p.reason(), t);
      case Event.StepStarted s -> {
        Span parent = phases.getOrDefault(run + '/' + s.phase(), runs.get(run));
        Span span =
            open(
                builder("step " + s.step(), parent, run, t)
                    .setSpanKind(SpanKind.CLIENT)
                    .setAttribute(PHASE, s.phase())
                    .setAttribute(STEP, s.step())
                    .setAttribute(AGENT, s.agent())
                    .setAttribute(ATTEMPT, (long) s.attempt()),
                run,
                TraceContext.spanId(run, s.step(), s.attempt()));
        attempts.put(key(run, s.step(), s.attempt()), span);
      }
      case Event.StepSucceeded s -> endAttempt(run, s.step(), s.attempt(), "succeeded", null, t);
      case Event.StepFailed f -> endAttempt(run, f.step(), f.attempt(), "failed", f.error(), t);
      case Event.StepTimedOut f ->
          endAttempt(run, f.step(), f.attempt(), "timed_out", f.error(), t);
      case Event.StepCancelled c -> endAttempt(run, c.step(), c.attempt(), "cancelled", null, t);
      case Event.StepPreempted p -> endAttempt(run, p.step(), p.attempt(), "preempted", null, t);
      case Event.LlmCalled c -> llmCall(run, c, t);
      case Event.RunSucceeded x -> endRun(run, null, t);
      case Event.RunFailed f -> endRun(run, f.reason(), t);
      case Event.RunRolledBack r -> endRun(run, r.reason(), t);
      case Event.RunCancelled c -> endRun(run, "cancelled: " + c.reason(), t);
      case Event.RunWaiting w -> event(run, "waiting for a person", t, w.reason());
      case Event.Escalated x -> event(run, "escalated", t, x.reason());
      case Event.Replanned r -> event(run, "re-planned: " + r.decision(), t, r.reason());
      case Event.RollbackStarted r -> event(run, "rollback", t, r.scope().word());
      case Event.HumanTaskOpened h -> event(run, "human task opened", t, h.question());
      case Event.HumanTaskResolved h -> event(run, "human task resolved", t, h.decision().word());
      case Event.FindingReported f -> event(run, "finding", t, f.summary());
      case Event.PrimaryAssigned p -> event(run, "primary assigned", t, p.agent());
      default -> {}
    }
  }

  /**
   * A chat model call: a span {@code chat MODEL} under its attempt's span, ending when the call was
   * journaled and starting its latency earlier. The parent is named by the ids Baton derives (as
   * the agents' {@code TRACEPARENT} does), so a call of an attempt begun in another process still
   * joins that attempt's span.
   */
  private void llmCall(String run, Event.LlmCalled c, Instant t) {
    Span attempt = attempts.get(key(run, c.step(), c.attempt()));
    SpanContext parent =
        attempt != null
            ? attempt.getSpanContext()
            : SpanContext.createFromRemoteParent(
                TraceContext.traceId(run),
                TraceContext.spanId(run, c.step(), c.attempt()),
                TraceFlags.getSampled(),
                TraceState.getDefault());
    Span span =
        tracer
            .spanBuilder("chat " + c.model())
            .setParent(Context.root().with(Span.wrap(parent)))
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(t.minusMillis(Math.max(0, c.latencyMs())))
            .setAttribute(RUN, run)
            .setAttribute(STEP, c.step())
            .setAttribute(AGENT, c.agent())
            .setAttribute(ATTEMPT, (long) c.attempt())
            .setAttribute(GEN_AI_OPERATION, "chat")
            .setAttribute(GEN_AI_MODEL, c.model())
            .setAttribute(GEN_AI_INPUT_TOKENS, c.inputTokens())
            .setAttribute(GEN_AI_OUTPUT_TOKENS, c.outputTokens())
            .setAttribute(COST_USD, c.costUsd())
            .startSpan();
    span.end(t);
  }

  private void startRun(String run, String workflow, Instant t) {
    SpanBuilder b =
        builder(workflow.isEmpty() ? "run" : "run " + workflow, null, run, t)
            .setAttribute(WORKFLOW, workflow);
    runs.put(run, open(b, run, TraceContext.runSpanId(run)));
  }

  private SpanBuilder builder(String name, Span parent, String run, Instant t) {
    SpanBuilder b = tracer.spanBuilder(name).setStartTimestamp(t).setAttribute(RUN, run);
    if (parent != null) b.setParent(Context.root().with(parent));
    else b.setNoParent();
    return b;
  }

  /** Starts the span with the ids Baton derives from the run (see {@link TraceContext}). */
  private static Span open(SpanBuilder b, String run, String spanId) {
    FixedIds.next(TraceContext.traceId(run), spanId);
    try {
      return b.startSpan();
    } finally {
      FixedIds.clear();
    }
  }

  private void endAttempt(
      String run, String step, int attempt, String outcome, String error, Instant t) {
    Span span = attempts.remove(key(run, step, attempt));
    if (span == null) return;
    span.setAttribute(OUTCOME, outcome);
    end(span, error, t);
  }

  private void endRun(String run, String error, Instant t) {
    String prefix = run + '/';
    attempts.keySet().removeIf(k -> k.startsWith(prefix) && endOpen(attempts.get(k), t));
    phases.keySet().removeIf(k -> k.startsWith(prefix) && endOpen(phases.get(k), t));
    end(runs.remove(run), error, t);
  }

  private static boolean endOpen(Span span, Instant t) {
    if (span != null) span.end(t);
    return true;
  }

  private static void end(Span span, String error, Instant t) {
    if (span == null) return;
    if (error != null) span.setStatus(StatusCode.ERROR, error);
    else span.setStatus(StatusCode.OK);
    span.end(t);
  }

  private void event(String run, String name, Instant t, String detail) {
    Span span = runs.get(run);
    if (span == null) return;
    span.addEvent(
        name,
        detail == null
            ? Attributes.empty()
            : Attributes.of(AttributeKey.stringKey("detail"), detail),
        t.toEpochMilli(),
        TimeUnit.MILLISECONDS);
  }

  private static String key(String run, String step, int attempt) {
    return run + '/' + step + '/' + attempt;
  }

  /** Spans of runs this process stops following: ended now, so that they are exported. */
  @Override
  public void close() {
    lock.lock();
    try {
      Instant now = Instant.now();
      attempts.values().forEach(s -> s.end(now));
      phases.values().forEach(s -> s.end(now));
      runs.values().forEach(s -> s.end(now));
      attempts.clear();
      phases.clear();
      runs.clear();
    } finally {
      lock.unlock();
    }
  }
}
