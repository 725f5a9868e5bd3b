package dev.baton.internal.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The git command line, started from an argv (never through a shell), in a folder. */
final class Git {
  /** A finished git command: its exit code and its output (stdout and stderr together). */
  record Result(int code, String output) {
    boolean ok() {
      return code == 0;
    }

    String firstLine() {
      String s = output.strip();
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(0, nl);
    }
  }

  private static final long TIMEOUT_SECONDS = 120;

  private Git() {}

  static Result run(Path dir, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("git");
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().remove("GIT_DIR");
    pb.environment().remove("GIT_WORK_TREE");
    pb.environment().remove("GIT_INDEX_FILE");
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "git " + args[0] + " did not finish in " + TIMEOUT_SECONDS + "s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "cannot run git: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  /** Arguments that give commits an author when the repository has none configured. */
  static List<String> identity(Path dir) {
    if (run(dir, "config", "user.email").ok()) return List.of();
    return List.of("-c", "user.name=Baton", "-c", "user.email=baton@localhost");
  }

  static Result withIdentity(Path dir, String... args) {
    List<String> all = new ArrayList<>(identity(dir));
    all.addAll(List.of(args));
    return run(dir, all.toArray(String[]::new));
  }
}
