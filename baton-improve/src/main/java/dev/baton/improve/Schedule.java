package dev.baton.improve;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A cron expression in the Unix form ({@code minute hour day-of-month month day-of-week}), parsed
 * and evaluated by cron-utils; times are read in the configured time zone by the caller.
 */
public final class Schedule {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String expression;
  private final ExecutionTime times;

  private Schedule(String expression, ExecutionTime times) {
    this.expression = expression;
    this.times = times;
  }

  /**
   * Parses a Unix cron expression.
   *
   * @throws IllegalArgumentException with cron-utils' explanation when the expression is invalid
   */
  public static Schedule parse(String expression) {
    try {
      return new Schedule(expression, ExecutionTime.forCron(PARSER.parse(expression).validate()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid cron expression '" + expression + "': " + e.getMessage(), e);
    }
  }

  public String expression() {
    return expression;
  }

  /** The latest tick at or before {@code time}. */
  public Optional<ZonedDateTime> lastAtOrBefore(ZonedDateTime time) {
    ZonedDateTime minute = time.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    if (times.isMatch(minute)) return Optional.of(minute);
    return times.lastExecution(time);
  }

  /** The first tick after {@code time}. */
  public Optional<ZonedDateTime> nextAfter(ZonedDateTime time) {
    return times.nextExecution(time);
  }

  @Override
  public String toString() {
    return expression;
  }
}
