package dev.baton.journal;

/**
 * Text as every store can hold it. Agents print what they like; PostgreSQL refuses a NUL character
 * in {@code text} and {@code jsonb} ({@code \u0000}), and an unpaired UTF-16 surrogate has no UTF-8
 * form. Both become U+FFFD (the replacement character) before anything is journaled, on every store
 * alike, so one agent's line can never make a write fail.
 */
public final class StorableText {
  /** What a character a store cannot hold becomes. */
  public static final char REPLACEMENT = '\uFFFD';

  private StorableText() {}

  /**
   * {@code text} with NULs and unpaired surrogates replaced; the same instance when it has none.
   */
  public static String of(String text) {
    if (text == null) return null;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == 0) return replace(text, i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(text.charAt(i + 1))) i++;
        else return replace(text, i);
      }
    }
    return text;
  }

  private static String replace(String text, int from) {
    StringBuilder out = new StringBuilder(text.length()).append(text, 0, from);
    int n = text.length();
    for (int i = from; i < n; i++) {
      char c = text.charAt(i);
      if (c == 0) out.append(REPLACEMENT);
      else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) out.append(REPLACEMENT);
      else out.append(c);
    }
    return out.toString();
  }
}
