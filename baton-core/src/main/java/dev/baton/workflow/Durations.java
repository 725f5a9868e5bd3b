package dev.baton.workflow;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as workflow files write them: one or more parts in the order days, hours, minutes,
 * seconds, milliseconds, each at most once: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h},
 * {@code 1h30m}, {@code 2d}.
 */
public final class Durations {
  private static final Pattern SHAPE =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final long[] MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with a message saying what a duration looks like
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = SHAPE.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + t
              + "' is not a duration: write a number with a unit (d, h, m, s, ms) such as 250ms, 30s, 5m, 1h30m or 2d");
    }
    long total = 0;
    for (int i = 0; i < MILLIS.length; i++) {
      String part = m.group(i + 1);
      if (part == null) continue;
      try {
        total = Math.addExact(total, Math.multiplyExact(Long.parseLong(part), MILLIS[i]));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("'" + t + "' is too long a duration");
      }
    }
    return Duration.ofMillis(total);
  }

  /**
   * Formats a duration the way {@link #parse} reads it, e.g. {@code 1h30m}; {@code 0s} for zero.
   */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms == 0) return "0s";
    StringBuilder b = new StringBuilder(ms < 0 ? "-" : "");
    ms = Math.abs(ms);
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < MILLIS.length; i++) {
      long n = ms / MILLIS[i];
      if (n > 0) b.append(n).append(units[i]);
      ms %= MILLIS[i];
    }
    return b.toString();
  }
}
