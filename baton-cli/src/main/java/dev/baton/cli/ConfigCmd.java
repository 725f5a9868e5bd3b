package dev.baton.cli;

import dev.baton.BatonException;
import dev.baton.improve.ConfigBook;
import dev.baton.improve.ConfigVersion;
import java.time.Clock;
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
      com.fasterxml.jackson.databind.JsonNode history;
      try (Context ctx = Context.client(store)) {
        history =
            ctx.remote.isPresent()
                ? ctx.remote.get().get("/api/v1/config/history")
                : Json.MAPPER.valueToTree(
                    dev.baton.improve.ImprovementJson.history(
                        new ConfigBook(ctx.store, Clock.systemUTC()).history()));
      }
      if (json) {
        Json.print(System.out, history);
        return ExitCodes.OK;
      }
      if (history.isEmpty()) {
        System.out.println("No configuration version yet: workflows run as written.");
        return ExitCodes.OK;
      }
      for (var v : history) {
        System.out.printf(
            "%3d  %s  %-28s %s%n",
            v.path("version").asInt(),
            v.path("time").asText().substring(0, 19).replace('T', ' '),
            v.path("author").asText(),
            v.path("change").asText());
        System.out.printf("%5s%s%n", "", v.path("reason").asText());
      }
      return ExitCodes.OK;
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
      String who = by != null ? by : System.getProperty("user.name", "");
      var remote = store.remote();
      com.fasterxml.jackson.databind.JsonNode n;
      if (remote.isPresent()) {
        n =
            remote
                .get()
                .post(
                    "/api/v1/config/rollback",
                    Json.MAPPER.createObjectNode().put("version", version).put("by", who));
      } else {
        try (Context ctx = Context.open(store)) {
          ConfigBook book = new ConfigBook(ctx.store, Clock.systemUTC());
          try {
            n = document(book.rollback(version, "rollback by " + who), version);
          } catch (BatonException e) {
            throw new UserError(e.getMessage());
          }
        }
      }
      System.out.println(
          "Version "
              + n.path("version").asLong()
              + " restores version "
              + n.path("restores").asLong()
              + "; new runs use it.");
      return ExitCodes.OK;
    }

    /** What {@code POST /api/v1/config/rollback} answers: the new version, the one restored. */
    static com.fasterxml.jackson.databind.node.ObjectNode document(ConfigVersion v, long restored) {
      return Json.MAPPER
          .createObjectNode()
          .put("version", v.version())
          .put("restores", restored)
          .put("change", v.change());
    }
  }
}
