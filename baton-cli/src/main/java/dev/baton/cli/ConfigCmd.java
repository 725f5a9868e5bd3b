package dev.baton.cli;

import dev.baton.BatonException;
import dev.baton.improve.ConfigBook;
import dev.baton.improve.ConfigVersion;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton config history|rollback V}: the configuration versions of docs/improvement.md. */
@Command(
    name = "config",
    description = "Configuration versions made by tunings and proposals.",
    subcommands = {ConfigCmd.History.class, ConfigCmd.Rollback.class})
final class ConfigCmd implements Runnable {
  @Override
  public void run() {
    throw new UserError("say what: `baton config history` or `baton config rollback VERSION`");
  }

  @Command(name = "history", description = "List configuration versions, oldest first.")
  static final class History implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON: [{version, time, author, change, reason}]")
    boolean json;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      try (Context ctx = Context.open(store)) {
        List<ConfigVersion> history = new ConfigBook(ctx.store, Clock.systemUTC()).history();
        if (json) {
          Json.print(
              System.out,
              Json.MAPPER.valueToTree(dev.baton.improve.ImprovementJson.history(history)));
          return ExitCodes.OK;
        }
        if (history.isEmpty()) {
          System.out.println("No configuration version yet: workflows run as written.");
          return ExitCodes.OK;
        }
        for (ConfigVersion v : history) {
          System.out.printf(
              "%3d  %s  %-28s %s%n",
              v.version(),
              v.time().toString().substring(0, 19).replace('T', ' '),
              v.author(),
              v.change());
          System.out.printf("%5s%s%n", "", v.reason());
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "rollback", description = "Restore version V's configuration as a new version.")
  static final class Rollback implements Callable<Integer> {
    @Parameters(paramLabel = "VERSION")
    long version;

    @Option(names = "--by", paramLabel = "NAME", description = "who rolls back (default: $USER)")
    String by;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      try (Context ctx = Context.open(store)) {
        String who = by != null ? by : System.getProperty("user.name", "");
        try {
          ConfigVersion v =
              new ConfigBook(ctx.store, Clock.systemUTC()).rollback(version, "rollback by " + who);
          System.out.println(
              "Version " + v.version() + " restores version " + version + "; new runs use it.");
          return ExitCodes.OK;
        } catch (BatonException e) {
          throw new UserError(e.getMessage());
        }
      }
    }
  }
}
