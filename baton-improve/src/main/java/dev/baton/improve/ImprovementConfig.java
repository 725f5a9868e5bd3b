package dev.baton.improve;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The {@code improvement} section of {@code baton.yaml} (docs/improvement.md) as a value, defaults
 * in one place:
 *
 * <pre>{@code
 * improvement:
 *   daily: "0 6 * * *"       # cron (minute hour day-of-month month day-of-week): morning analysis
 *   tunings: "0 12 * * *"    # midday: the bounded tunings of the morning's figures
 *   proposals: "0 18 * * *"  # evening: proposals for people from the morning's figures
 *   weekly: "0 7 * * 1"
 *   monthly: "0 8 1 * *"
 *   window: "02:00-04:00"    # low-traffic window: approved proposals are applied here
 *   timezone: Europe/Paris
 * }</pre>
 */
public record ImprovementConfig(
    Schedule daily,
    Schedule tunings,
    Schedule proposals,
    Schedule weekly,
    Schedule monthly,
    LocalTime windowStart,
    LocalTime windowEnd,
    ZoneId timezone) {

  public static ImprovementConfig defaults() {
    return new ImprovementConfig(
        Schedule.parse("0 6 * * *"),
        Schedule.parse("0 12 * * *"),
        Schedule.parse("0 18 * * *"),
        Schedule.parse("0 7 * * 1"),
        Schedule.parse("0 8 1 * *"),
        LocalTime.of(2, 0),
        LocalTime.of(4, 0),
        ZoneOffset.UTC);
  }

  public Schedule schedule(ReviewKind kind) {
    return switch (kind) {
      case DAILY -> daily;
      case WEEKLY -> weekly;
      case MONTHLY -> monthly;
    };
  }

  /** True when {@code time} falls in the low-traffic window (which may span midnight). */
  public boolean inWindow(ZonedDateTime time) {
    LocalTime t = time.withZoneSameInstant(timezone).toLocalTime();
    if (windowStart.isBefore(windowEnd)) return !t.isBefore(windowStart) && t.isBefore(windowEnd);
    return !t.isBefore(windowStart) || t.isBefore(windowEnd);
  }
}
