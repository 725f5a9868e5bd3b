package dev.baton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code baton} executable. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
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
      SchemaCommand.class,
      MetaCmd.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line: exit codes of SPEC §8, no stack traces for user mistakes. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new Errors());
    cl.setExitCodeExceptionMapper(t -> ExitCodes.ERROR);
    cl.setParameterExceptionHandler((ex, args) -> {
      ex.getCommandLine().getErr().println("baton: " + ex.getMessage());
      ex.getCommandLine()
          .getErr()
          .println("Try 'baton " + ex.getCommandLine().getCommandName() + " --help' for usage.");
      return ExitCodes.USAGE;
    });
    return cl;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
