package dev.baton.journal;

/**
 * Each event class's type name, looked up once: {@code getSimpleName} walks the class's reflection
 * data on every call, and the journal's writer asks for a type per stored row.
 */
final class TypeNames {
  private static final ClassValue<String> NAMES =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return type.getSimpleName();
        }
      };

  private TypeNames() {}

  static String of(Class<?> type) {
    return NAMES.get(type);
  }
}
