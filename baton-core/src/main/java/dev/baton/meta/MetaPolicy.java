package dev.baton.meta;

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
}
