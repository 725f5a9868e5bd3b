package dev.baton.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code baton} executable. */
@Command(
    name = "baton",
    mixinStandardHelpOptions = true,
    version = "baton 0.1.0",
    description = "Coordinates teams of specialist agents through durable, phased workflows.",
    subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, SchemaCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
