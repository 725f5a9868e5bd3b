package dev.baton.meta;

import dev.baton.agent.LlmCall;
import java.util.function.Consumer;

/**
 * How the meta agent re-plans a failed phase and triages reports. The default is {@link
 * DeterministicMetaPolicy}; an LLM-backed policy can replace it through {@code
 * Baton.builder().metaPolicy(...)} without touching the engine. Baton validates every decision
 * before applying it (a reassignment to an unknown or incapable agent becomes an escalation) and
 * escalates anyway after {@code maxReplans}.
 */
@FunctionalInterface
public interface MetaPolicy {
  Decision replan(FailureReport failure);

  /**
   * Who leads the report of a triage step ({@code assigns: primary}). {@code rules} is Baton's own
   * judgement (evidence, embeddings and learned examples): the default uses it, and a policy that
   * cannot answer (a model unavailable, an invalid answer) falls back to it, saying so in the
   * reasons.
   */
  default Triage triage(TriageRequest request, Triager rules) {
    return rules.triage(request);
  }

  /**
   * {@link #replan(FailureReport)}, telling {@code calls} of every chat-model call the policy made
   * (Baton journals them as {@code LlmCalled} and counts them toward the spending budgets).
   */
  default Decision replan(FailureReport failure, Consumer<LlmCall> calls) {
    return replan(failure);
  }

  /** {@link #triage(TriageRequest, Triager)}, telling {@code calls} of its chat-model calls. */
  default Triage triage(TriageRequest request, Triager rules, Consumer<LlmCall> calls) {
    return triage(request, rules);
  }
}
