package dev.baton.workflow;

import dev.baton.workflow.internal.TextTemplate;
import java.util.Map;

/**
 * A text with <code>{{path}}</code> placeholders ({@code inputs.x}, {@code steps.ID.output.field},
 * {@code item.x}, {@code run.id}, {@code run.primary}). Values that are not strings render as JSON.
 * A source without <code>{{</code> renders as itself, whatever the variables (the engine then
 * builds none).
 */
public interface Template {
  String source();

  String render(Map<String, Object> variables);

  /**
   * Parses a text with placeholders, e.g. an argv element of a {@code check} or {@code
   * rollback.run} command, which are rendered like tasks.
   *
   * @throws IllegalArgumentException when a placeholder is unclosed or not a dotted path
   */
  static Template parse(String source) {
    return TextTemplate.parse(source);
  }

  static Template literal(String text) {
    return new Template() {
      @Override
      public String source() {
        return text;
      }

      @Override
      public String render(Map<String, Object> variables) {
        return text;
      }
    };
  }
}
