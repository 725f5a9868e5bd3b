package dev.baton.agents.command.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a program in a session of its own as one new process, without {@code setsid} in between.
 * The one implementation, {@code NativeSpawn}, calls the C library through the foreign function API
 * of Java 22 and later; it is compiled apart from the rest and loaded by name, so Baton still runs
 * on Java 21 (through {@code setsid}).
 */
interface SessionSpawn {
  /** {@code baton.spawn=setsid} starts every program through {@code setsid}, as on Java 21. */
  String PROPERTY = "baton.spawn";

  /**
   * Starts {@code program} (already found: a path) with {@code argv} (whose first word is the
   * program as written), exactly {@code env}, in {@code dir}, with its error output into its
   * standard output when {@code mergeErrors}. The caller has checked them ({@link
   * Executables#check}: no NUL in the command or directory).
   */
  Process start(
      List<String> argv, Path program, Map<String, String> env, Path dir, boolean mergeErrors)
      throws IOException;

  /**
   * The native way when this JVM and system allow it: Linux, Java 22 or later, native access
   * enabled ({@code --enable-native-access=ALL-UNNAMED}, as the {@code baton} launcher and the
   * build pass), and a C library with the calls it needs.
   */
  static Optional<SessionSpawn> load() {
    if ("setsid".equals(System.getProperty(PROPERTY))
        || Runtime.version().feature() < 22
        || !System.getProperty("os.name", "").equals("Linux")
        || !Files.isDirectory(Path.of("/proc/self/fd"))) return Optional.empty();
    try {
      // asked before the class is loaded: its first native call would otherwise print the JVM's
      // warning on standard error (Module.isNativeAccessEnabled is of Java 22)
      Object enabled =
          Module.class.getMethod("isNativeAccessEnabled").invoke(SessionSpawn.class.getModule());
      if (!Boolean.TRUE.equals(enabled)) return Optional.empty();
      return Optional.of(
          Class.forName(SessionSpawn.class.getPackageName() + ".NativeSpawn")
              .asSubclass(SessionSpawn.class)
              .getDeclaredConstructor()
              .newInstance());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }
}
