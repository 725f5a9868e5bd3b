package dev.baton.monitoring.meters;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * A registry that renders Prometheus' text exposition format ({@code baton metrics --prometheus},
 * the server's {@code /metrics}).
 */
public final class Prometheus {
  private Prometheus() {}

  public static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
