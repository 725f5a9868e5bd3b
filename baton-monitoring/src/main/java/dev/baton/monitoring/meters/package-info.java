/**
 * Micrometer meters for Baton: {@link dev.baton.monitoring.meters.StoreMeters} (agents' figures,
 * runs by state, open alerts and human tasks, journal commits) read from the store on {@code
 * refresh()}, and {@link dev.baton.monitoring.meters.JournalMeters} (steps, queue and resource
 * waits) counted from committed journal batches. {@link dev.baton.monitoring.meters.Prometheus}
 * renders them in the Prometheus exposition format.
 */
package dev.baton.monitoring.meters;
