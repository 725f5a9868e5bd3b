package dev.baton.meta;

/** Decides who leads a report. {@link EvidenceTriager} is the built-in judgement. */
@FunctionalInterface
public interface Triager {
  Triage triage(TriageRequest request);
}
