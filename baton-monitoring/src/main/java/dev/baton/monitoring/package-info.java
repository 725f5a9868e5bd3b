/**
 * Monitoring beyond the figures ({@link dev.baton.metrics}): alert rules with their defaults and
 * {@code baton.yaml} ({@link dev.baton.monitoring.MonitoringConfig}), the {@link
 * dev.baton.monitoring.AlertMonitor} that raises and resolves alerts as journal batches commit, the
 * {@link dev.baton.monitoring.AlertSink} SPI with log and webhook sinks, and Micrometer meters
 * ({@link dev.baton.monitoring.meters}) with Prometheus export. Kept out of the core so that the
 * core has no Micrometer or HTTP client in its dependencies.
 */
package dev.baton.monitoring;
