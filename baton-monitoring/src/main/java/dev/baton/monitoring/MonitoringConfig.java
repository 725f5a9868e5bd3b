package dev.baton.monitoring;

import dev.baton.metrics.Metrics;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code monitoring} section of {@code baton.yaml} as a value, with the documented defaults in
 * one place ({@link #defaults()}); {@link MonitoringConfigLoader} reads it.
 *
 * @param window the window of metrics and agent alert rules (default 24h)
 * @param rules every rule's settings (rules left out of the file keep their defaults)
 * @param sinks where raised and resolved alerts are sent besides the alerts journal (default: the
 *     log)
 */
public record MonitoringConfig(
    Duration window, Map<AlertRule, RuleSettings> rules, List<SinkSettings> sinks) {
  public MonitoringConfig {
    if (window.isNegative() || window.isZero())
      throw new IllegalArgumentException("window must be positive");
    EnumMap<AlertRule, RuleSettings> all = new EnumMap<>(AlertRule.class);
    for (AlertRule r : AlertRule.values())
      all.put(r, rules.getOrDefault(r, RuleSettings.defaults(r)));
    rules = Map.copyOf(all);
    sinks = List.copyOf(sinks);
  }

  public static MonitoringConfig defaults() {
    return new MonitoringConfig(Metrics.DEFAULT_WINDOW, Map.of(), List.of(new SinkSettings.Log()));
  }

  public RuleSettings rule(AlertRule rule) {
    return rules.get(rule);
  }

  /** One rule's settings; {@code stall} is off by default (not evaluated yet). */
  public record RuleSettings(boolean enabled, double threshold, int minSamples) {
    public RuleSettings {
      if (minSamples < 1) throw new IllegalArgumentException("minSamples must be at least 1");
    }

    public static RuleSettings defaults(AlertRule r) {
      return new RuleSettings(r != AlertRule.STALL, r.defaultThreshold(), r.defaultMinSamples());
    }
  }

  /** A configured sink. */
  public sealed interface SinkSettings {
    /** Alerts as WARN (raised) and INFO (resolved) lines of the {@code dev.baton.alerts} logger. */
    record Log() implements SinkSettings {}

    /**
     * A JSON POST per alert change; failed deliveries (connection errors, 5xx, 429) are tried again
     * {@code retries} times, waiting {@code backoff}, then twice as long each time.
     */
    record Webhook(
        URI url, int retries, Duration backoff, Duration timeout, Map<String, String> headers)
        implements SinkSettings {
      public Webhook {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
          throw new IllegalArgumentException("a webhook url must be http or https, was " + url);
        }
        if (retries < 0) throw new IllegalArgumentException("retries must not be negative");
        headers = Map.copyOf(headers);
      }

      public static Webhook to(URI url) {
        return new Webhook(url, 3, Duration.ofSeconds(1), Duration.ofSeconds(10), Map.of());
      }
    }
  }
}
