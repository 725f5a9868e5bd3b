package dev.baton.improve;

import java.time.Instant;
import java.util.Map;

/**
 * A proposal for people (docs/improvement.md), answered like any {@code approval} human task
 * ({@code baton approve|reject ID}); an approved one is applied in the next low-traffic window.
 *
 * @param kind {@code reassign}, {@code budget}, {@code specialist}, {@code profile}, {@code
 *     threshold}; weekly {@code retries}, {@code unused-step}; monthly {@code split}, {@code
 *     redesign}
 * @param state {@code open}, {@code approved}, {@code rejected}, {@code applied}
 * @param details what applying it changes, and the evidence (figures, runs)
 */
public record Proposal(
    String id,
    String kind,
    String subject,
    String change,
    String reason,
    String state,
    Map<String, Object> details,
    Instant opened,
    String decidedBy,
    long appliedVersion,
    String deferred) {
  public Proposal {
    details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
  }

  public boolean pending() {
    return state.equals("open") || state.equals("approved");
  }
}
