package dev.baton.telemetry.internal;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * Ids chosen by Baton for the span being started on this thread ({@link #next}), random ones
 * otherwise: a run's trace id and its spans' ids derive from the run (see {@link
 * dev.baton.agent.TraceContext}), so an agent's {@code TRACEPARENT} names its attempt's span
 * without waiting for the span to exist.
 */
public final class FixedIds implements IdGenerator {
  public static final FixedIds INSTANCE = new FixedIds();

  private static final ThreadLocal<String[]> NEXT = new ThreadLocal<>();

  private FixedIds() {}

  /** The trace id and span id of the next span started on this thread. */
  static void next(String traceId, String spanId) {
    NEXT.set(new String[] {traceId, spanId});
  }

  static void clear() {
    NEXT.remove();
  }

  @Override
  public String generateSpanId() {
    String[] next = NEXT.get();
    return next != null ? next[1] : IdGenerator.random().generateSpanId();
  }

  @Override
  public String generateTraceId() {
    String[] next = NEXT.get();
    return next != null ? next[0] : IdGenerator.random().generateTraceId();
  }
}
