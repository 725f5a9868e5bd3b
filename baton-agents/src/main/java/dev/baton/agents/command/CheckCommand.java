package dev.baton.agents.command;

import dev.baton.agent.Cancellation;
import dev.baton.agent.Secrets;
import dev.baton.agents.command.internal.ProcessRun;
import dev.baton.agents.command.internal.Tail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a step's {@code success.check} command (docs/workflow-language.md): after the agent
 * succeeds, the check must exit 0 or the attempt fails. The command runs from its argv (no shell)
 * with nothing on standard input; its standard output and error are captured together (last 64
 * KiB). A timeout or a cancellation stops its whole process tree, like an agent's.
 */
public final class CheckCommand {
  private static final int REASON_LINES = 5;

  private CheckCommand() {}

  /**
   * How a check ended.
   *
   * @param passed true when the command exited 0
   * @param reason why it did not pass ({@code exit code 1: …}, {@code timed out after 30s}, {@code
   *     cancelled: …}, {@code cannot start …}); empty when it passed
   * @param output the command's output, last 64 KiB, redacted
   */
  public record Result(boolean passed, String reason, String output) {
    public Result {
      if (reason == null) reason = "";
      if (output == null) output = "";
    }
  }

  /** Runs the check with no secrets: the argv and env are used as they are, nothing is redacted. */
  public static Result run(
      List<String> argv,
      Path workdir,
      Map<String, String> env,
      Cancellation cancellation,
      Duration timeout) {
    return run(argv, workdir, env, NO_SECRETS, cancellation, timeout);
  }

  /**
   * Runs the check: {@code ${NAME}}/{@code ${secret:NAME}} references in the argv and env values
   * are resolved through {@code secrets}, and the output and reason are redacted with it.
   */
  public static Result run(
      List<String> argv,
      Path workdir,
      Map<String, String> env,
      Secrets secrets,
      Cancellation cancellation,
      Duration timeout) {
    if (argv.isEmpty())
      throw new IllegalArgumentException("a check needs a program to run: argv is empty");
    if (cancellation.isCancelled())
      return new Result(false, secrets.redact("cancelled: " + cancellation.reason()), "");
    String program = "'" + argv.getFirst() + "'";
    if (!Files.isDirectory(workdir))
      return new Result(
          false, "cannot start " + program + ": workdir " + workdir + " is not a directory", "");
    ProcessBuilder builder =
        new ProcessBuilder(argv.stream().map(secrets::resolve).toList())
            .directory(workdir.toFile())
            .redirectErrorStream(true);
    dev.baton.agents.command.internal.CleanEnvironment.apply(builder.environment(), List.of());
    env.forEach((k, v) -> builder.environment().put(k, secrets.resolve(v)));
    Tail output = new Tail();
    ProcessRun process;
    try {
      process =
          ProcessRun.start(
              builder,
              new byte[0],
              line -> output.add(secrets.redact(line)),
              null,
              CommandAgent.DEFAULT_KILL_GRACE);
    } catch (IOException e) {
      return new Result(
          false,
          secrets.redact(
              "cannot start " + program + " in " + workdir + ": " + CommandAgent.startFailure(e)),
          "");
    }
    cancellation.onCancel(() -> process.stop("cancelled: " + cancellation.reason()));
    int exit;
    try {
      exit =
          process.await(
              timeout,
              "timed out after " + timeout.toString().substring(2).toLowerCase(Locale.ROOT));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.stop("interrupted");
      return new Result(false, "interrupted", secrets.redact(output.text()));
    } finally {
      process.ensureStopped();
    }
    String text = secrets.redact(output.text());
    Optional<String> stopped = process.stopReason();
    if (stopped.isPresent()) return new Result(false, secrets.redact(stopped.get()), text);
    if (exit == 0) return new Result(true, "", text);
    String last = output.lastLines(REASON_LINES);
    return new Result(
        false,
        secrets.redact(last.isEmpty() ? "exit code " + exit : "exit code " + exit + ": " + last),
        text);
  }

  /** Resolves nothing and redacts nothing. */
  private static final Secrets NO_SECRETS =
      new Secrets() {
        @Override
        public Optional<String> env(String name) {
          return Optional.empty();
        }

        @Override
        public Optional<String> secret(String name) {
          return Optional.empty();
        }

        @Override
        public Set<String> values() {
          return Set.of();
        }

        @Override
        public String resolve(String text) {
          return text;
        }
      };
}
