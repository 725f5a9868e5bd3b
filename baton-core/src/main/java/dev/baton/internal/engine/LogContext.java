package dev.baton.internal.engine;

import java.util.Map;
import org.slf4j.MDC;

/**
 * What the engine puts in SLF4J's MDC while it works on a run (docs/operations.md#logs): {@value
 * #RUN} on the run's own messages, plus {@value #STEP} and {@value #ATTEMPT} on an agent's thread
 * and on the messages an attempt sends back to its run, so every log line says which run, step and
 * attempt it is about, whichever logging backend the application uses.
 */
final class LogContext {
  static final String RUN = "baton.run";
  static final String STEP = "baton.step";
  static final String ATTEMPT = "baton.attempt";

  private LogContext() {}

  /**
   * The context of an attempt: its run, step and attempt number (an immutable map: an agent that
   * waits on its thread keeps it for as long as it waits).
   */
  static Map<String, String> attempt(String run, String step, int attempt) {
    return Map.of(RUN, run, STEP, step, ATTEMPT, Integer.toString(attempt));
  }

  /** The step and attempt this thread works on, if any, for a message it sends to its run. */
  static Map<String, String> stepOfThisThread() {
    String step = MDC.get(STEP);
    if (step == null) return Map.of();
    String attempt = MDC.get(ATTEMPT);
    return attempt == null ? Map.of(STEP, step) : Map.of(STEP, step, ATTEMPT, attempt);
  }

  /**
   * Runs {@code work} with {@code context} in the MDC, then gives those keys back what they had:
   * only the keys of the context are touched (no copy of the whole MDC on every message).
   */
  static void with(Map<String, String> context, Runnable work) {
    if (context.isEmpty()) {
      work.run();
      return;
    }
    String[] keys = context.keySet().toArray(new String[0]);
    String[] before = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      before[i] = MDC.get(keys[i]);
      MDC.put(keys[i], context.get(keys[i]));
    }
    try {
      work.run();
    } finally {
      for (int i = keys.length - 1; i >= 0; i--) {
        if (before[i] == null) MDC.remove(keys[i]);
        else MDC.put(keys[i], before[i]);
      }
    }
  }
}
