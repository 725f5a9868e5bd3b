package dev.baton.improve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ImprovementConfigLoaderTest {
  @Test
  void reads_schedules_window_and_time_zone() {
    ImprovementConfig c =
        ImprovementConfigLoader.parse(
            """
            improvement:
              daily: "30 5 * * *"
              weekly: "0 9 * * 5"
              window: "23:00-01:30"
              timezone: Europe/Paris
            """,
            "baton.yaml");
    assertThat(c.daily().expression()).isEqualTo("30 5 * * *");
    assertThat(c.monthly().expression()).isEqualTo("0 8 1 * *");
    assertThat(c.windowStart()).isEqualTo(LocalTime.of(23, 0));
    ZoneId paris = ZoneId.of("Europe/Paris");
    assertThat(c.inWindow(ZonedDateTime.of(2026, 11, 30, 0, 45, 0, 0, paris))).isTrue();
    assertThat(c.inWindow(ZonedDateTime.of(2026, 11, 30, 2, 0, 0, 0, paris))).isFalse();
    assertThat(c.daily().lastAtOrBefore(ZonedDateTime.of(2026, 11, 30, 5, 30, 0, 0, paris)))
        .contains(ZonedDateTime.of(2026, 11, 30, 5, 30, 0, 0, paris));
  }

  @Test
  void bad_values_are_refused_with_file_line_and_column() {
    assertThatThrownBy(() ->
            ImprovementConfigLoader.parse(
                "monitoring: {}\nimprovement:\n  daily: \"0 25 * * *\"\n", "baton.yaml"))
        .isInstanceOf(BatonException.class)
        .hasMessageStartingWith("baton.yaml:3:3: improvement.daily: invalid cron expression");
    assertThatThrownBy(
            () -> ImprovementConfigLoader.parse("improvement:\n  window: noon\n", "baton.yaml"))
        .hasMessageStartingWith("baton.yaml:2:3: 'improvement.window' must be HH:MM-HH:MM");
    assertThatThrownBy(
            () -> ImprovementConfigLoader.parse("improvement:\n  hourly: x\n", "baton.yaml"))
        .hasMessageStartingWith("baton.yaml:2:3: unknown key 'improvement.hourly'");
    assertThat(ImprovementConfigLoader.parse("name: x\n", "baton.yaml").weekly().expression())
        .isEqualTo("0 7 * * 1");
  }
}
