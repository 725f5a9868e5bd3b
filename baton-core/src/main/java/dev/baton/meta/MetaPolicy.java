package dev.baton.meta;

/**
 * How the meta agent re-plans a failed phase. The default is {@link DeterministicMetaPolicy}; an
 * LLM-backed policy can replace it through {@code Baton.builder().metaPolicy(...)} without touching
 * the engine. Baton validates every decision before applying it (a reassignment to an unknown or
 * incapable agent becomes an escalation) and escalates anyway after {@code maxReplans}.
 */
@FunctionalInterface
public interface MetaPolicy {
  Decision replan(FailureReport failure);
}
