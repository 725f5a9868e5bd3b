package dev.baton.cli;

import dev.baton.store.SqliteLibrary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code baton} executable. {@code --help} and {@code --version} are inherited by every
 * subcommand, so {@code baton --help}, {@code baton help CMD} and {@code baton CMD --help} all
 * work.
 */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    version = "baton 0.1.0",
    description = "Coordinates teams of specialist agents through durable, phased workflows.")
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  /**
   * The subcommands, by name, in the order {@code baton --help} lists them. Picocli builds a
   * command's model from its annotations by reflection, which for all of them is most of a short
   * command's start; a command line that names one of them gets only that one.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("run", RunCmd.class);
    m.put("validate", ValidateCommand.class);
    m.put("resume", ResumeCmd.class);
    m.put("runs", RunsCmd.class);
    m.put("show", ShowCmd.class);
    m.put("events", EventsCmd.class);
    m.put("status", StatusCmd.class);
    m.put("agents", AgentsCmd.class);
    m.put("inbox", InboxCmd.class);
    m.put("approve", ApproveCmd.class);
    m.put("reject", RejectCmd.class);
    m.put("decide", DecideCmd.class);
    m.put("cancel", CancelCmd.class);
    m.put("metrics", MetricsCmd.class);
    m.put("alerts", AlertsCmd.class);
    m.put("feedback", FeedbackCmd.class);
    m.put("review", ReviewCmd.class);
    m.put("proposals", ProposalsCmd.class);
    m.put("config", ConfigCmd.class);
    m.put("prune", PruneCmd.class);
    m.put("schema", SchemaCommand.class);
    m.put("mcp", McpCommand.class);
    m.put("meta", MetaCmd.class);
    m.put("serve", ServeCmd.class);
    m.put("token", TokenCmd.class);
    m.put("completion", CompletionCmd.class);
    m.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

  /** Subcommands that look at all the others: they get the whole command line. */
  private static final Set<String> NEED_ALL = Set.of("help", "completion");

  public static void main(String[] args) {
    Printable.install(); // agents' text never reaches the terminal with control characters
    SqliteLibrary.useCache(cacheDir().resolve("sqlite"));
    String[] ordered = storeFirst(args);
    System.exit(commandLine(ordered).execute(ordered));
  }

  /** {@code $XDG_CACHE_HOME/baton}, or {@code ~/.cache/baton}: what can be made again. */
  static Path cacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "baton");
    return Path.of(System.getProperty("user.home"), ".cache", "baton");
  }

  /** The options every command that works on runs takes, also accepted before the command. */
  private static final List<String> GLOBAL = List.of("--db", "--server", "--token");

  private static final Set<String> GROUPS = Set.of("config", "token", "meta");

  /**
   * {@code baton --db PATH CMD …} (or {@code --server URL --token T}) as well as {@code baton CMD
   * --db PATH …}: options named before the command are moved after it, where each command declares
   * them.
   */
  static String[] storeFirst(String[] args) {
    int n = 0;
    while (n < args.length) {
      String a = args[n];
      if (GLOBAL.stream().anyMatch(g -> a.startsWith(g + "="))) n++;
      else if (GLOBAL.contains(a) && n + 1 < args.length) n += 2;
      else break;
    }
    if (n == 0 || args.length <= n) return args;
    List<String> out = new java.util.ArrayList<>(List.of(args));
    List<String> store = List.copyOf(out.subList(0, n));
    out.subList(0, n).clear();
    // after the subcommand of a group (`config history`, `token list`, `meta examples`)
    int at = 1;
    if (out.size() > 1 && GROUPS.contains(out.get(0)) && !out.get(1).startsWith("-")) at = 2;
    out.addAll(at, store);
    return out.toArray(String[]::new);
  }

  /**
   * The configured command line with every subcommand: exit codes of docs/operations.md, no stack
   * traces for user mistakes.
   */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line for {@code args}: when they start with the name of a subcommand that does not
   * look at the others, only that subcommand is built; otherwise (no command, an option such as
   * {@code --help}, {@code help}, {@code completion}, a mistyped name that wants suggestions) all
   * of them.
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cl = new CommandLine(new Main());
    String first = args.length > 0 ? args[0] : "";
    if (SUBCOMMANDS.containsKey(first) && !NEED_ALL.contains(first)) {
      cl.addSubcommand(first, SUBCOMMANDS.get(first));
    } else {
      SUBCOMMANDS.forEach(cl::addSubcommand);
    }
    cl.setExecutionExceptionHandler(new Errors());
    cl.setExitCodeExceptionMapper(t -> ExitCodes.ERROR);
    cl.setParameterExceptionHandler(Main::badUsage);
    Examples.addTo(cl);
    return cl;
  }

  /**
   * A mistake on the command line: what is wrong, "did you mean" when a command or option is close
   * to a known one, and where the usage of the command concerned is.
   */
  private static int badUsage(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String qualified = cmd.getCommandSpec().qualifiedName();
    List<String> suggestions = List.of();
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
      suggestions = unmatched.getSuggestions();
      List<String> unmatchedArgs = unmatched.getUnmatched();
      if (!unmatched.isUnknownOption()
          && !cmd.getSubcommands().isEmpty()
          && !unmatchedArgs.isEmpty()
          && cmd.getCommandSpec().positionalParameters().isEmpty()) {
        err.println(
            "baton: unknown command '" + unmatchedArgs.get(0) + "' for '" + qualified + "'");
      } else {
        err.println("baton: " + ex.getMessage());
      }
    } else {
      err.println("baton: " + ex.getMessage());
    }
    if (!suggestions.isEmpty()) {
      boolean commands = suggestions.stream().noneMatch(s -> s.startsWith("-"));
      err.println(
          "Did you mean "
              + String.join(
                  " or ",
                  suggestions.stream()
                      .limit(1)
                      .map(s -> "'" + (commands ? qualified + " " + s : s) + "'")
                      .toList())
              + "?");
    }
    err.println("Try '" + qualified + " --help' for usage.");
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
