/**
 * Tuned values a run starts with: estimates, budgets, reassigned task types and routing preferences
 * that the improvement cycle (docs/improvement.md) derived from the journal. {@link
 * dev.baton.tuning.TuningSource} is the SPI the engine reads them from; {@link
 * dev.baton.tuning.Tuning} is what one run records and keeps.
 */
package dev.baton.tuning;
