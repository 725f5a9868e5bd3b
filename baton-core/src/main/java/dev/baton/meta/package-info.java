/**
 * The meta agent's re-planning: {@link dev.baton.meta.MetaPolicy} decides, from a {@link
 * dev.baton.meta.FailureReport}, a {@link dev.baton.meta.Decision} (retry, reassign, amend,
 * escalate).
 */
package dev.baton.meta;
