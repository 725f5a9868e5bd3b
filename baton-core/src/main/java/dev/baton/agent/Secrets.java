package dev.baton.agent;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} (environment) and {@code ${secret:NAME}} (secret) references in agent
 * settings, and remembers secret values so they can be redacted from anything Baton writes.
 */
public interface Secrets {
  Pattern REFERENCE = Pattern.compile("\\$\\{(secret:)?([A-Za-z_][A-Za-z0-9_]*)}");

  Optional<String> env(String name);

  Optional<String> secret(String name);

  /** Every secret value resolved so far (for redaction). */
  Set<String> values();

  /**
   * Looks up every secret {@code text} names ({@code ${secret:NAME}}), so that its value is
   * redacted from the first line Baton writes, not only after the secret's first use.
   */
  default void register(String text) {
    if (text == null) return;
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) if (m.group(1) != null) secret(m.group(2));
  }

  /** Replaces references in {@code text}; unknown names resolve to the empty string. */
  default String resolve(String text) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          m.group(1) != null ? secret(m.group(2)).orElse("") : env(m.group(2)).orElse("");
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Replaces every known secret value in {@code text} with {@code ***}. */
  default String redact(String text) {
    if (text == null) return null;
    String out = text;
    for (String v : values()) if (v.length() >= 3) out = out.replace(v, "***");
    return out;
  }
}
