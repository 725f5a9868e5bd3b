/**
 * Agent performance monitoring (docs/monitoring.md): what the journal says about each agent, per
 * agent and per agent × task type, over a window.
 *
 * <p>{@link dev.baton.metrics.MetricsTracker} folds one run's journal into per-minute {@link
 * dev.baton.metrics.MetricDelta deltas}; stores add them to bucket rows in the same transaction as
 * the events, so reading a window sums at most a few thousand rows however long the journal is.
 * {@link dev.baton.metrics.Metrics#recompute} folds whole journals with the same tracker: the
 * incremental figures and a full recomputation are equal by construction, and a property test
 * checks it. {@link dev.baton.metrics.Alert} is the state of an alert as the {@link
 * dev.baton.metrics.Alerts#STREAM alerts journal} records it.
 */
package dev.baton.metrics;
