package dev.baton.cli;

import java.io.PrintWriter;
import java.util.List;
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
    description = "Coordinates teams of specialist agents through durable, phased workflows.",
    subcommands = {
      RunCmd.class,
      ValidateCommand.class,
      ResumeCmd.class,
      RunsCmd.class,
      ShowCmd.class,
      EventsCmd.class,
      StatusCmd.class,
      AgentsCmd.class,
      InboxCmd.class,
      ApproveCmd.class,
      RejectCmd.class,
      DecideCmd.class,
      CancelCmd.class,
      MetricsCmd.class,
      AlertsCmd.class,
      FeedbackCmd.class,
      ReviewCmd.class,
      ProposalsCmd.class,
      ConfigCmd.class,
      PruneCmd.class,
      SchemaCommand.class,
      McpCommand.class,
      MetaCmd.class,
      ServeCmd.class,
      TokenCmd.class,
      CompletionCmd.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    Printable.install(); // agents' text never reaches the terminal with control characters
    System.exit(commandLine().execute(storeFirst(args)));
  }

  /** The options every command that works on runs takes, also accepted before the command. */
  private static final List<String> GLOBAL = List.of("--db", "--server", "--token");

  private static final java.util.Set<String> GROUPS = java.util.Set.of("config", "token", "meta");

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
   * The configured command line: exit codes of docs/operations.md, no stack traces for user
   * mistakes.
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
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
