/**
 * The meta agent's judgement. Triage: {@link dev.baton.meta.EvidenceTriager} reads a report into
 * evidence, compares it with agents' profiles (through a {@link dev.baton.meta.TextEmbedder} when
 * one is registered) and with the {@link dev.baton.meta.Examples examples} learned from
 * corrections, and answers a {@link dev.baton.meta.Triage} (lead, or ask a person) with its
 * confidence and reasons. Re-planning: {@link dev.baton.meta.MetaPolicy} decides, from a {@link
 * dev.baton.meta.FailureReport}, a {@link dev.baton.meta.Decision} (retry, reassign, amend,
 * escalate); a policy may triage too, falling back to the evidence. {@link
 * dev.baton.meta.TriageEvaluation} measures triage on labelled reports.
 */
package dev.baton.meta;
