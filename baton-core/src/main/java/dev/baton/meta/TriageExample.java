package dev.baton.meta;

import java.time.Instant;

/**
 * A report and the agent that should have led it, learned when a person or an escalation rule
 * changed a run's primary agent (or taught by hand with {@code baton meta examples add}). The next
 * triages weigh the nearest examples.
 *
 * @param id {@code E1}, {@code E2}, …
 * @param origin the run it was learned from, or empty
 * @param reason how it was learned (e.g. "chosen by ana", "escalation rule: Security implications")
 */
public record TriageExample(
    String id, String report, String agent, String reason, String origin, Instant time) {}
