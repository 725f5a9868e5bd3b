package dev.baton.agents.command.internal;

import dev.baton.agent.Secrets;
import dev.baton.workflow.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One argv element or env value of a command agent: literal text, {@code ${…}} references to the
 * environment or secrets, and {@code {{…}}} per-attempt placeholders. Each part is resolved once
 * and its value is never read again: a task that contains {@code ${HOME}} or {@code {{run.id}}}
 * reaches the program as that text. The result is always exactly one string, one argv element.
 */
public final class ArgTemplate {
  private sealed interface Part {}

  private record Text(Template template) implements Part {}

  private record Reference(String source) implements Part {}

  private final List<Part> parts;

  private ArgTemplate(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses {@code source}; a text whose placeholders cannot be parsed (validation refuses such
   * files, so only Java callers reach this) stays literal.
   */
  public static ArgTemplate parse(String source) {
    List<Part> parts = new ArrayList<>();
    Matcher m = Secrets.REFERENCE.matcher(source);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) parts.add(text(source.substring(at, m.start())));
      parts.add(new Reference(m.group()));
      at = m.end();
    }
    if (at < source.length()) parts.add(text(source.substring(at)));
    return new ArgTemplate(parts);
  }

  private static Part text(String s) {
    try {
      return new Text(Template.parse(s));
    } catch (IllegalArgumentException notATemplate) {
      return new Text(Template.literal(s));
    }
  }

  /** Whether the text has {@code {{…}}} placeholders, which read the attempt's variables. */
  public boolean readsVariables() {
    for (Part p : parts)
      if (p instanceof Text t && t.template().source().contains("{{")) return true;
    return false;
  }

  /**
   * The text for one attempt: references through {@code secrets}, placeholders from {@code vars}.
   */
  public String render(Secrets secrets, Map<String, Object> vars) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      switch (p) {
        case Text t ->
            out.append(
                t.template().source().contains("{{")
                    ? t.template().render(vars)
                    : t.template().source());
        case Reference r -> {
          Matcher m = Secrets.REFERENCE.matcher(r.source());
          out.append(m.matches() ? secrets.value(m) : r.source());
        }
      }
    }
    return out.toString();
  }
}
