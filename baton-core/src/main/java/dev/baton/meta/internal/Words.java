package dev.baton.meta.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words of a text, matched at word boundaries and stemmed, so that "tables" matches "table" but
 * "tablets" does not, and "browser" never matches "rows". The stemmer is a small suffix stripper
 * (plural, -ing, -ed, -er, -ation…): both sides of every comparison go through it, so it only needs
 * to be consistent, not linguistically exact.
 */
public final class Words {
  private Words() {}

  /**
   * The stems of a text's words, in order. Identifiers are split too: {@code CheckoutHandler} and
   * {@code checkout_handler} give {@code checkout}, {@code handler} as well as the whole word.
   */
  public static List<String> stems(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (!Character.isLetterOrDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || joins(text, i))) i++;
      add(text.substring(start, i), out);
    }
    return out;
  }

  /** An apostrophe, dot or underscore inside a word ("person's", "next.js", "order_id"). */
  private static boolean joins(String text, int i) {
    char c = text.charAt(i);
    return (c == '\'' || c == '_' || c == '.')
        && i + 1 < text.length()
        && Character.isLetterOrDigit(text.charAt(i + 1))
        && i > 0
        && Character.isLetterOrDigit(text.charAt(i - 1));
  }

  private static void add(String word, List<String> out) {
    String w = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
    List<String> parts = parts(w);
    if (parts.size() > 1) {
      out.add(stem(w.replace("'", "").replace(".", "").replace("_", "")));
      for (String p : parts) out.add(stem(p));
    } else {
      out.add(stem(w.replace("'", "")));
    }
  }

  /** An identifier's parts: camelCase, snake_case and dotted names. */
  static List<String> parts(String w) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= w.length(); i++) {
      boolean end =
          i == w.length()
              || w.charAt(i) == '_'
              || w.charAt(i) == '.'
              || w.charAt(i) == '\''
              || (Character.isUpperCase(w.charAt(i))
                  && Character.isLowerCase(w.charAt(i - 1))
                  && i - start > 1);
      if (end) {
        String p = w.substring(start, i).replace("_", "").replace(".", "").replace("'", "");
        if (p.length() > 1) parts.add(p);
        start = i < w.length() && !Character.isUpperCase(w.charAt(i)) ? i + 1 : i;
      }
    }
    return parts;
  }

  /** The stem of one word (lower case). */
  public static String stem(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.length() <= 3 || !Character.isLetter(w.charAt(w.length() - 1))) return w;
    for (String[] rule : RULES) {
      String suffix = rule[0];
      if (w.endsWith(suffix) && w.length() - suffix.length() >= Integer.parseInt(rule[2])) {
        w = w.substring(0, w.length() - suffix.length()) + rule[1];
        break;
      }
    }
    if (w.length() > 3 && w.endsWith("e")) w = w.substring(0, w.length() - 1);
    if (w.length() > 3 && w.charAt(w.length() - 1) == w.charAt(w.length() - 2)) {
      char c = w.charAt(w.length() - 1);
      if (c != 's' && c != 'l' && c != 'z' && Character.isLetter(c))
        w = w.substring(0, w.length() - 1);
    }
    return w;
  }

  // {suffix, replacement, minimum length left}; the first that applies wins
  private static final String[][] RULES = {
    {"izations", "ize", "3"},
    {"ization", "ize", "3"},
    {"ations", "ate", "3"},
    {"ation", "ate", "3"},
    {"nesses", "", "3"},
    {"ness", "", "3"},
    {"ments", "", "4"},
    {"ment", "", "4"},
    {"ities", "", "3"},
    {"ity", "", "3"},
    {"ously", "ous", "3"},
    {"ingly", "", "3"},
    {"edly", "", "3"},
    {"ings", "", "3"},
    {"ing", "", "3"},
    {"ies", "y", "2"},
    {"ied", "y", "2"},
    {"sses", "ss", "2"},
    {"ers", "", "3"},
    {"er", "", "3"},
    {"ed", "", "3"},
    {"ly", "", "3"},
    {"es", "e", "3"},
    {"ss", "ss", "2"},
    {"us", "us", "2"},
    {"is", "is", "2"},
    {"s", "", "3"},
  };
}
