package dev.baton.agents.command.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Whether a program can be started, and which file it is, said before it is started in a session of
 * its own: through {@code setsid} a missing program would otherwise be {@code setsid}'s exit code
 * 127 and a line on standard error instead of the clear "cannot start" a program started directly
 * gets; {@link SessionSpawn} needs the file, found in the {@code PATH} the program gets.
 */
final class Executables {
  private Executables() {}

  /**
   * The file {@code builder}'s program is, as an absolute path; throws as {@link
   * ProcessBuilder#start()} would ({@code error=2, No such file or directory}, {@code error=13,
   * Permission denied}) when it cannot be executed. A name without {@code /} is looked up in the
   * {@code PATH} the program gets.
   */
  static Path check(ProcessBuilder builder) throws IOException {
    // refused as ProcessBuilder#start refuses them, before they reach a path
    for (String word : builder.command())
      if (word.indexOf('\0') >= 0) throw new IOException("invalid null character in command");
    if (builder.directory() != null && builder.directory().getPath().indexOf('\0') >= 0)
      throw new IOException("invalid null character in directory");
    String program = builder.command().getFirst();
    if (program.contains("/")) {
      Path p;
      try {
        p = Path.of(program);
        if (!p.isAbsolute() && builder.directory() != null)
          p = builder.directory().toPath().resolve(p);
      } catch (InvalidPathException e) {
        throw failure(program, 2); // no file has that name here
      }
      verdict(p);
      return p.toAbsolutePath();
    }
    // with no PATH, execvp's own default
    String path = builder.environment().getOrDefault("PATH", "/bin:/usr/bin");
    boolean denied = false;
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path p;
      try {
        // a relative entry is looked up where the program will run, as the child's execvp would
        Path base = Path.of(dir.isEmpty() ? "." : dir);
        if (!base.isAbsolute() && builder.directory() != null)
          base = builder.directory().toPath().resolve(base);
        p = base.resolve(program);
      } catch (InvalidPathException e) {
        continue; // an entry this JVM cannot name (its locale cannot encode it): nothing found
        // there
      }
      if (Files.isRegularFile(p)) {
        if (Files.isExecutable(p)) return p.toAbsolutePath();
        denied = true;
      }
    }
    throw failure(program, denied ? 13 : 2);
  }

  private static void verdict(Path p) throws IOException {
    if (!Files.exists(p)) throw failure(p.toString(), 2);
    if (Files.isDirectory(p) || !Files.isExecutable(p)) throw failure(p.toString(), 13);
  }

  private static IOException failure(String program, int errno) {
    String reason = errno == 2 ? "No such file or directory" : "Permission denied";
    return new IOException(
        "Cannot run program \"" + program + "\"",
        new IOException("error=" + errno + ", " + reason));
  }
}
