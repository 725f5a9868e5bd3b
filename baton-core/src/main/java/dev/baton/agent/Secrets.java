package dev.baton.agent;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${NAME}} (environment), {@code ${NAME:-default}} (environment, or the default
 * when unset or empty) and {@code ${secret:NAME}} (secret) references in agent settings, and
 * remembers secret values so they can be redacted from anything Baton writes.
 */
public interface Secrets {
  /** Groups: 1 {@code secret:} or null, 2 the name, 3 {@code :-default} or null, 4 the default. */
  Pattern REFERENCE = Pattern.compile("\\$\\{(secret:)?([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

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

  /**
   * Replaces references in {@code text}, once (a value is never read again for references); unknown
   * names resolve to their default, else the empty string.
   */
  default String resolve(String text) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(value(m)));
    m.appendTail(out);
    return out.toString();
  }

  /** The value of one matched {@link #REFERENCE}. */
  default String value(Matcher reference) {
    String name = reference.group(2);
    String fallback = reference.group(4) == null ? "" : reference.group(4);
    Optional<String> v = reference.group(1) != null ? secret(name) : env(name);
    if (reference.group(3) != null) v = v.filter(x -> !x.isEmpty());
    return v.orElse(fallback);
  }

  /** Replaces every known secret value in {@code text} with {@code ***}. */
  default String redact(String text) {
    if (text == null) return null;
    String out = text;
    for (String v : values()) if (v.length() >= 3) out = out.replace(v, "***");
    return out;
  }
}
