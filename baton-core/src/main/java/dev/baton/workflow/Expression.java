package dev.baton.workflow;

import java.util.Map;

/**
 * A compiled, type-checked CEL expression of a workflow ({@code when}, {@code priority}, escalation
 * {@code when}, {@code foreach}, {@code orderBy}). Variables are plain Java values: maps, lists,
 * strings, numbers, booleans and {@link java.time.Duration}s.
 */
public interface Expression {
  String source();

  Object evaluate(Map<String, Object> variables);

  default boolean test(Map<String, Object> variables) {
    return Boolean.TRUE.equals(evaluate(variables));
  }

  /** An expression that always yields {@code value} (e.g. a literal priority). */
  static Expression constant(Object value) {
    return new Expression() {
      @Override
      public String source() {
        return String.valueOf(value);
      }

      @Override
      public Object evaluate(Map<String, Object> variables) {
        return value;
      }
    };
  }
}
