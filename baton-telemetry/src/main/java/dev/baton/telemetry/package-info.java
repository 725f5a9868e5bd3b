/**
 * OpenTelemetry traces of runs: a span per run, phase and step attempt, built from the journal as
 * it commits ({@link dev.baton.telemetry.Tracing}). Trace and span ids are derived from the run, so
 * the {@code TRACEPARENT} handed to each agent names its attempt's span, and a resumed run goes on
 * in the same trace. Off unless the standard {@code OTEL_*} variables configure an exporter.
 */
package dev.baton.telemetry;
