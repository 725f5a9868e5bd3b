package dev.baton.improve;

import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;

/** The three cycles of docs/improvement.md and the period each one looks back over. */
public enum ReviewKind {
  DAILY,
  WEEKLY,
  MONTHLY;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<ReviewKind> of(String word) {
    for (ReviewKind k : values()) if (k.word().equals(word)) return Optional.of(k);
    return Optional.empty();
  }

  /** The start of the period that ends at {@code end}: a day, a week, a calendar month. */
  public ZonedDateTime periodStart(ZonedDateTime end) {
    return switch (this) {
      case DAILY -> end.minusDays(1);
      case WEEKLY -> end.minusWeeks(1);
      case MONTHLY -> end.minusMonths(1);
    };
  }
}
