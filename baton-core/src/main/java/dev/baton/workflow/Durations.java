package dev.baton.workflow;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as workflows write them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}. */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|d|h|m|s))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

  private Durations() {}

  public static Optional<Duration> tryParse(String text) {
    if (text == null || !WHOLE.matcher(text.trim()).matches()) return Optional.empty();
    Duration d = Duration.ZERO;
    Matcher m = PART.matcher(text.trim());
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    }
    return Optional.of(d);
  }

  public static Duration parse(String text) {
    return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not a duration: '" + text + "' (examples: 250ms, 30s, 5m, 1h30m, 2d)"));
  }

  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    long ms = d.toMillis();
    StringBuilder b = new StringBuilder();
    long days = ms / 86_400_000L; ms %= 86_400_000L;
    long h = ms / 3_600_000L; ms %= 3_600_000L;
    long m = ms / 60_000L; ms %= 60_000L;
    long s = ms / 1000L; ms %= 1000L;
    if (days > 0) b.append(days).append('d');
    if (h > 0) b.append(h).append('h');
    if (m > 0) b.append(m).append('m');
    if (s > 0) b.append(s).append('s');
    if (ms > 0) b.append(ms).append("ms");
    return b.toString();
  }
}
