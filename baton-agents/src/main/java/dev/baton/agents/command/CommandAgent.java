package dev.baton.agents.command;

import dev.baton.agent.Agent;
import dev.baton.agent.Attempt;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agent.Secrets;
import dev.baton.agents.command.internal.ArgTemplate;
import dev.baton.agents.command.internal.CleanEnvironment;
import dev.baton.agents.command.internal.PrivateDir;
import dev.baton.agents.command.internal.ProcessRun;
import dev.baton.agents.command.internal.ProtocolLines;
import dev.baton.agents.command.internal.ReportSocket;
import dev.baton.agents.command.internal.Tail;
import dev.baton.journal.EventCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A local program as an agent (docs/agent-protocols.md). Each attempt starts the program from its
 * argv — never through a shell — with the {@code BATON_*} variables, the handoff JSON in a file and
 * on standard input, and reads its {@code @baton} lines as they come. Exit code 0 is success; the
 * output is the last {@code @baton output} object, else the other standard output lines (last 64
 * KiB).
 *
 * <p>{@code ${NAME}}, {@code ${NAME:-default}} and {@code ${secret:NAME}} references in the argv,
 * the workdir and env values are resolved when the attempt starts, so secrets reach the program but
 * nothing Baton writes: every text that leaves the agent is redacted with {@link
 * Attempt#secrets()}.
 *
 * <p>Argv elements and env values may also hold per-attempt placeholders (docs/agent-protocols.md):
 * {@code {{task}}}, {@code {{run.id}}}, {@code {{step.id}}}, {@code {{attempt}}}, {@code
 * {{handoff.path}}}, {@code {{inputs.x}}}, {@code {{steps.ID.output…}}} (and the other variables of
 * {@link Attempt#variables()}). Each element stays one argv element whatever its value holds — no
 * shell ever sees it — and what a placeholder or reference produces is never expanded again.
 *
 * <p>A cancelled attempt (timeout, cancel, preemption) stops the program's whole process tree:
 * TERM, then KILL after the {@linkplain #killGrace(Duration) grace period}. A program that exits
 * leaves nothing running either: what it started in the background, or detached, is stopped the
 * same way (see {@code ProcessGroup}).
 *
 * <pre>{@code
 * Agent lint = CommandAgent.forArgv(List.of("./lint.sh", "--strict"), Path.of("repo"), Map.of());
 * Agent undo = CommandAgent.forArgv(List.of("./undo-migration.sh"), Path.of("."), Map.of()).asCompensation();
 * }</pre>
 */
public final class CommandAgent implements Agent {
  /** docs/architecture.md#failure-handling: TERM, then KILL after 5 s. */
  public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final int ERROR_LINES = 5;
  private static final int ERROR_CHARS = 2000;

  private final List<String> argv;
  private final List<ArgTemplate> argvTemplates;
  private final Map<String, ArgTemplate> envTemplates;
  private final boolean readsVariables;
  private final Path base;
  private final Optional<String> workdir;
  private final Map<String, String> env;
  private final List<String> inheritEnv;
  private final Duration killGrace;
  private final boolean compensation;
  private final AttemptChannels channels;

  CommandAgent(
      List<String> argv,
      Path base,
      Optional<String> workdir,
      Map<String, String> env,
      List<String> inheritEnv,
      Duration killGrace,
      boolean compensation) {
    this(argv, base, workdir, env, inheritEnv, killGrace, compensation, AttemptChannels.NONE);
  }

  CommandAgent(
      List<String> argv,
      Path base,
      Optional<String> workdir,
      Map<String, String> env,
      List<String> inheritEnv,
      Duration killGrace,
      boolean compensation,
      AttemptChannels channels) {
    if (argv.isEmpty())
      throw new IllegalArgumentException("a command agent needs a program to run: argv is empty");
    if (killGrace.isNegative())
      throw new IllegalArgumentException("killGrace must not be negative");
    this.argv = List.copyOf(argv);
    this.argvTemplates = this.argv.stream().map(ArgTemplate::parse).toList();
    Map<String, ArgTemplate> envTemplates = new LinkedHashMap<>();
    env.forEach((k, v) -> envTemplates.put(k, ArgTemplate.parse(v)));
    this.envTemplates = Collections.unmodifiableMap(envTemplates);
    this.readsVariables =
        argvTemplates.stream().anyMatch(ArgTemplate::readsVariables)
            || envTemplates.values().stream().anyMatch(ArgTemplate::readsVariables);
    this.base = Objects.requireNonNull(base, "base");
    this.workdir = Objects.requireNonNull(workdir, "workdir");
    this.env = Map.copyOf(env);
    this.inheritEnv = List.copyOf(inheritEnv);
    this.killGrace = killGrace;
    this.compensation = compensation;
    this.channels = Objects.requireNonNull(channels, "channels");
  }

  /**
   * A command agent for {@code argv} run in {@code workdir}, with {@code env} added to the clean
   * environment ({@code PATH}, {@code HOME}, {@code LANG}, {@code TERM}, Baton's {@code BATON_*}
   * variables; see {@link CleanEnvironment}). Used for {@code rollback: {run: [...]}} compensations
   * and agents made from Java.
   */
  public static CommandAgent forArgv(List<String> argv, Path workdir, Map<String, String> env) {
    return new CommandAgent(
        argv, workdir, Optional.empty(), env, List.of(), DEFAULT_KILL_GRACE, false);
  }

  /** The same agent with another TERM-to-KILL grace period. */
  public CommandAgent killGrace(Duration grace) {
    return new CommandAgent(argv, base, workdir, env, inheritEnv, grace, compensation, channels);
  }

  /**
   * The same agent, always run as a compensation ({@code BATON_COMPENSATE=1}) whatever the attempt
   * says.
   */
  public CommandAgent asCompensation() {
    return new CommandAgent(argv, base, workdir, env, inheritEnv, killGrace, true, channels);
  }

  public List<String> argv() {
    return argv;
  }

  @Override
  public Outcome perform(Handoff handoff, Attempt attempt) throws Exception {
    if (attempt.cancellation().isCancelled()) return cancelled(attempt);
    Path handoffFile = Files.createTempFile(PrivateDir.get(), "handoff-", ".json");
    try {
      byte[] json = EventCodec.mapper().writeValueAsBytes(handoff);
      Files.write(handoffFile, json);
      return run(handoff, attempt, handoffFile, json);
    } finally {
      Files.deleteIfExists(handoffFile);
    }
  }

  private Outcome run(Handoff handoff, Attempt attempt, Path handoffFile, byte[] json)
      throws Exception {
    Secrets secrets = attempt.secrets();
    Path dir =
        attempt
            .workdirOverride()
            .orElseGet(() -> base.resolve(workdir.map(secrets::resolve).orElse(".")));
    if (!Files.isDirectory(dir))
      return Outcome.failed(
          "cannot start " + program() + ": workdir " + dir + " is not a directory");
    Files.createDirectories(attempt.inbox());
    // the run's variables are gathered only for an argv or env with placeholders
    Map<String, Object> vars = readsVariables ? variables(handoff, attempt, handoffFile) : Map.of();
    ProcessBuilder builder =
        new ProcessBuilder(argvTemplates.stream().map(t -> t.render(secrets, vars)).toList())
            .directory(dir.toFile());
    Map<String, String> environment = builder.environment();
    CleanEnvironment.apply(environment, inheritEnv);
    envTemplates.forEach((k, t) -> environment.put(k, t.render(secrets, vars)));
    environment.putAll(attempt.extraEnv());
    environment.put("BATON_RUN", attempt.run());
    environment.put("BATON_STEP", attempt.step());
    environment.put("BATON_AGENT", attempt.agent());
    environment.put("BATON_ATTEMPT", Integer.toString(attempt.attempt()));
    environment.put("BATON_TASK", Objects.requireNonNullElse(handoff.task(), ""));
    environment.put("BATON_IDEMPOTENCY_KEY", attempt.idempotencyKey());
    environment.put("TRACEPARENT", attempt.traceparent());
    environment.put("BATON_HANDOFF", handoffFile.toString());
    environment.put("BATON_INBOX", attempt.inbox().toString());
    if (compensation || attempt.compensating()) environment.put("BATON_COMPENSATE", "1");
    else environment.remove("BATON_COMPENSATE");

    ProtocolLines protocol =
        new ProtocolLines(attempt.reporter(), secrets, attempt.agent(), attempt.idempotencyKey());
    // programs the agent starts (e.g. `baton mcp` under a coding agent) report through a socket
    String token = newToken();
    ReportSocket reports;
    try {
      reports = ReportSocket.open(token, protocol);
    } catch (IOException | UnsupportedOperationException e) {
      reports = null;
    }
    if (reports != null) {
      environment.put("BATON_REPORTS", reports.path().toString());
      environment.put("BATON_REPORTS_TOKEN", token);
    }
    // the agent API of a server running this attempt: reports arriving there are handled as lines
    try (AttemptChannels.Channel channel = channels.open(attempt, protocol::report)) {
      environment.putAll(channel.env());
      return execute(builder, attempt, secrets, dir, protocol, json);
    } finally {
      if (reports != null) reports.close();
    }
  }

  private static String newToken() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return java.util.HexFormat.of().formatHex(b);
  }

  private Outcome execute(
      ProcessBuilder builder,
      Attempt attempt,
      Secrets secrets,
      Path dir,
      ProtocolLines protocol,
      byte[] json)
      throws Exception {
    Tail stdout = new Tail();
    Tail stderr = new Tail();
    byte[] stdin = Arrays.copyOf(json, json.length + 1);
    stdin[json.length] = '\n';
    ProcessRun process;
    try {
      process =
          ProcessRun.start(
              builder,
              stdin,
              line -> {
                if (ProtocolLines.isProtocol(line)) protocol.accept(line);
                else stdout.add(secrets.redact(line));
              },
              line -> stderr.add(secrets.redact(line)),
              killGrace);
    } catch (IOException e) {
      return Outcome.failed(
          secrets.redact("cannot start " + program() + " in " + dir + ": " + startFailure(e)));
    }
    attempt.cancellation().onCancel(() -> process.stop(attempt.cancellation().reason()));
    int exit;
    try {
      exit = process.await();
    } catch (InterruptedException e) {
      process.stop("interrupted");
      throw e;
    } finally {
      protocol.close();
      process.ensureStopped();
    }
    if (process.stopReason().isPresent()) return cancelled(attempt);
    if (exit != 0) return Outcome.failed(secrets.redact(failure(exit, stderr)));
    Optional<Map<String, Object>> structured = protocol.output();
    return Outcome.succeeded(
        structured.isPresent() ? structured.get() : secrets.redact(stdout.text()));
  }

  /** What per-attempt placeholders read: the run's variables and this attempt's own. */
  static Map<String, Object> variables(Handoff handoff, Attempt attempt, Path handoffFile) {
    Map<String, Object> vars = new HashMap<>(attempt.variables());
    vars.put("task", Objects.requireNonNullElse(handoff.task(), ""));
    vars.put("attempt", Integer.toString(attempt.attempt()));
    vars.put("step", Map.of("id", attempt.step()));
    vars.put("handoff", Map.of("path", handoffFile.toString()));
    Map<String, Object> run = new HashMap<>();
    if (vars.get("run") instanceof Map<?, ?> m) m.forEach((k, v) -> run.put(String.valueOf(k), v));
    run.put("id", attempt.run());
    vars.put("run", run);
    if (!(vars.get("inputs") instanceof Map<?, ?>)) vars.put("inputs", handoff.inputs());
    return vars;
  }

  private String program() {
    return "'" + argv.getFirst() + "'";
  }

  private static Outcome cancelled(Attempt attempt) {
    String reason = Objects.requireNonNullElse(attempt.cancellation().reason(), "cancelled");
    return Outcome.failed(attempt.secrets().redact("cancelled: " + reason));
  }

  static String failure(int exit, Tail stderr) {
    String last = stderr.lastLines(ERROR_LINES);
    if (last.length() > ERROR_CHARS) last = "…" + last.substring(last.length() - ERROR_CHARS);
    return last.isEmpty() ? "exit code " + exit : "exit code " + exit + ": " + last;
  }

  /**
   * The operating system's reason without Java's wrapping ("error=2, No such file or directory").
   */
  static String startFailure(IOException e) {
    String message =
        e.getCause() != null && e.getCause().getMessage() != null
            ? e.getCause().getMessage()
            : e.getMessage();
    return message.replaceFirst("^error=\\d+, ", "");
  }
}
