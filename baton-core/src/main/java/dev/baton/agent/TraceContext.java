package dev.baton.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * W3C Trace Context ids of a run, derived from its id: the run is one trace, and each step attempt
 * one span of it. Agents receive {@code TRACEPARENT} (e.g. {@code
 * 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}) so that their own spans join the trace
 * as children of their attempt; the ids are the same in every process and across resumes, so no
 * tracing library is needed to compute them.
 */
public final class TraceContext {
  private TraceContext() {}

  /** The run's trace id: 32 lower-case hex digits. */
  public static String traceId(String run) {
    return hash("trace", run, 16);
  }

  /** The span id of the run itself: 16 hex digits. */
  public static String runSpanId(String run) {
    return hash("run", run, 8);
  }

  /** The span id of one round of a phase. */
  public static String phaseSpanId(String run, String phase, int round) {
    return hash("phase", run + '\n' + phase + '\n' + round, 8);
  }

  /** The span id of one attempt of a step. */
  public static String spanId(String run, String step, int attempt) {
    return hash("attempt", run + '\n' + step + '\n' + attempt, 8);
  }

  /** The {@code traceparent} header value of an attempt (version 00, sampled). */
  public static String traceparent(String run, String step, int attempt) {
    return "00-" + traceId(run) + "-" + spanId(run, step, attempt) + "-01";
  }

  private static String hash(String kind, String text, int bytes) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((kind + '\n' + text).getBytes(StandardCharsets.UTF_8));
      if (digest[0] == 0) digest[0] = 1; // an all-zero id is invalid
      return HexFormat.of().formatHex(digest, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
