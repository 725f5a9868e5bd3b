package dev.baton.workflow;

import java.util.Map;

/**
 * A text with {@code {{path}}} placeholders ({@code inputs.x}, {@code steps.ID.output.field},
 * {@code item.x}, {@code run.id}, {@code run.primary}). Values that are not strings render as JSON.
 */
public interface Template {
  String source();

  String render(Map<String, Object> variables);

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
