package dev.baton.workflow.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.workflow.Durations;
import dev.baton.workflow.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text with {@code {{a.b.c}}} placeholders. Rendering walks maps (and list indexes) of the
 * variables; a missing path renders as the empty string, a value that is not a string as compact
 * JSON.
 */
public final class TextTemplate implements Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final Pattern PATH =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One {@code {{path}}} of a template: its text as written and the path's parts. */
  public record Placeholder(String text, List<String> path) {}

  private final String source;
  private final List<Object> parts;

  private TextTemplate(String source, List<Object> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException when a placeholder is unclosed or is not a dotted path
   */
  public static TextTemplate parse(String source) {
    List<Object> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(source);
    int at = 0;
    while (m.find()) {
      String literal = source.substring(at, m.start());
      checkNoBraces(literal);
      if (!literal.isEmpty()) parts.add(literal);
      String path = m.group(1);
      if (!PATH.matcher(path).matches()) {
        throw new IllegalArgumentException(
            "'"
                + m.group()
                + "' is not a placeholder: write a dotted path such as {{inputs.report}} or {{steps.plan.output}}");
      }
      parts.add(new Placeholder(m.group(), List.of(path.split("\\."))));
      at = m.end();
    }
    String rest = source.substring(at);
    checkNoBraces(rest);
    if (!rest.isEmpty()) parts.add(rest);
    return new TextTemplate(source, parts);
  }

  private static void checkNoBraces(String literal) {
    int i = literal.indexOf("{{");
    if (i >= 0)
      throw new IllegalArgumentException(
          "unclosed '{{' in '" + abbreviate(literal.substring(i)) + "': close it with '}}'");
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  public List<Placeholder> placeholders() {
    return parts.stream()
        .filter(Placeholder.class::isInstance)
        .map(Placeholder.class::cast)
        .toList();
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String render(Map<String, Object> variables) {
    StringBuilder b = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof Placeholder p) b.append(text(lookup(variables, p.path()).orElse(null)));
      else b.append(part);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return source;
  }

  static Optional<Object> lookup(Object root, List<String> path) {
    Object cur = root;
    for (String key : path) {
      if (cur instanceof Optional<?> o) cur = o.orElse(null);
      if (cur instanceof JsonNode n) cur = JSON.convertValue(n, Object.class);
      if (cur instanceof Map<?, ?> m) cur = m.get(key);
      else if (cur instanceof List<?> l
          && key.chars().allMatch(Character::isDigit)
          && key.length() < 9) {
        int i = Integer.parseInt(key);
        cur = i < l.size() ? l.get(i) : null;
      } else return Optional.empty();
      if (cur == null) return Optional.empty();
    }
    return Optional.ofNullable(cur instanceof Optional<?> o ? o.orElse(null) : cur);
  }

  static String text(Object value) {
    if (value == null) return "";
    if (value instanceof String s) return s;
    if (value instanceof Duration d) return Durations.format(d);
    if (value instanceof JsonNode n && n.isTextual()) return n.textValue();
    try {
      return JSON.writeValueAsString(plain(value));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return String.valueOf(value);
    }
  }

  private static Object plain(Object value) {
    if (value instanceof Duration d) return Durations.format(d);
    if (value instanceof Optional<?> o) return plain(o.orElse(null));
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof List<?> l) return l.stream().map(TextTemplate::plain).toList();
    return value;
  }
}
