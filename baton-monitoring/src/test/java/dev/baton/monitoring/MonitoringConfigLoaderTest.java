package dev.baton.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringConfigLoaderTest {
  final MonitoringConfigLoader loader =
      new MonitoringConfigLoader(Map.of("HOOK_TOKEN", "s3cret")::get);

  @Test
  void a_missing_file_means_the_spec_defaults(@TempDir Path dir) {
    MonitoringConfig c = loader.load(dir.resolve("baton.yaml"));
    assertThat(c).isEqualTo(MonitoringConfig.defaults());
    assertThat(c.window()).isEqualTo(Duration.ofHours(24));
    assertThat(c.rule(AlertRule.FAILURE_RATE))
        .isEqualTo(new MonitoringConfig.RuleSettings(true, 20, 5));
    assertThat(c.rule(AlertRule.OVERRUN).threshold()).isEqualTo(150);
    assertThat(c.rule(AlertRule.REPEATED_ESCALATION).threshold()).isEqualTo(2);
    assertThat(c.rule(AlertRule.LOW_QUALITY).threshold()).isEqualTo(7);
    assertThat(c.rule(AlertRule.LOW_SATISFACTION))
        .isEqualTo(new MonitoringConfig.RuleSettings(true, 8, 3));
    assertThat(c.rule(AlertRule.STALL).enabled()).isFalse();
    assertThat(c.sinks()).containsExactly(new MonitoringConfig.SinkSettings.Log());
  }

  @Test
  void reads_window_rules_and_sinks_with_environment_references() {
    MonitoringConfig c =
        loader.parse(
            """
            monitoring:
              window: 7d
              rules:
                failure-rate: { threshold: 10, minSamples: 20 }
                low-quality: { enabled: false }
              sinks:
                - log
                - webhook:
                    url: https://hooks.example.com/baton
                    retries: 5
                    backoff: 500ms
                    headers: { Authorization: "Bearer ${env:HOOK_TOKEN}" }
            """,
            "baton.yaml");
    assertThat(c.window()).isEqualTo(Duration.ofDays(7));
    assertThat(c.rule(AlertRule.FAILURE_RATE))
        .isEqualTo(new MonitoringConfig.RuleSettings(true, 10, 20));
    assertThat(c.rule(AlertRule.LOW_QUALITY).enabled()).isFalse();
    assertThat(c.rule(AlertRule.LOW_QUALITY).threshold()).isEqualTo(7);
    assertThat(c.sinks())
        .containsExactly(
            new MonitoringConfig.SinkSettings.Log(),
            new MonitoringConfig.SinkSettings.Webhook(
                URI.create("https://hooks.example.com/baton"),
                5,
                Duration.ofMillis(500),
                Duration.ofSeconds(10),
                Map.of("Authorization", "Bearer s3cret")));
  }

  @Test
  void mistakes_name_the_file_and_the_key() {
    assertThatThrownBy(
            () -> loader.parse("monitoring: {rules: {failure-rat: {threshold: 3}}}", "baton.yaml"))
        .isInstanceOf(BatonException.class)
        .hasMessageContaining("baton.yaml")
        .hasMessageContaining("monitoring.rules.failure-rat");
    assertThatThrownBy(() -> loader.parse("monitoring: {window: soon}", "baton.yaml"))
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(
            () -> loader.parse("monitoring: {rules: {overrun: {threshold: high}}}", "baton.yaml"))
        .hasMessageContaining("'monitoring.rules.overrun.threshold' must be a number");
    assertThatThrownBy(
            () -> loader.parse("monitoring: {sinks: [{webhook: {url: 'ftp://x'}}]}", "baton.yaml"))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() ->
            loader.parse(
                "monitoring: {sinks: [{webhook: {url: 'https://x/${env:NOPE}'}}]}", "baton.yaml"))
        .hasMessageContaining("NOPE is not set");
  }

  @Test
  void a_file_without_a_monitoring_section_means_the_defaults() {
    assertThat(loader.parse("other: 1", "baton.yaml")).isEqualTo(MonitoringConfig.defaults());
  }
}
