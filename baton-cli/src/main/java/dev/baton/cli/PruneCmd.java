package dev.baton.cli;

import dev.baton.workflow.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton prune --older-than 30d}: deletes finished runs (journal, commands, human tasks,
 * claims) that ended longer ago than the given age, so a store that serves for a year stays small.
 * Unfinished runs are never touched.
 */
@Command(
    name = "prune",
    description = "Delete finished runs that ended longer ago than --older-than (e.g. 30d).")
final class PruneCmd implements Callable<Integer> {
  @Option(
      names = "--older-than",
      paramLabel = "AGE",
      description = "age of the runs to delete, e.g. 30d, 12h")
  String olderThan;

  @Option(
      names = "--before",
      paramLabel = "TIME",
      description = "delete runs that ended before this instant, e.g. 2026-01-01T00:00:00Z")
  String before;

  @Option(names = "--json", description = "print JSON: {pruned, endedBefore}")
  boolean json;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    Instant cutoff = cutoff();
    var remote = store.remote();
    com.fasterxml.jackson.databind.JsonNode n;
    if (remote.isPresent()) {
      n =
          remote
              .get()
              .post(
                  "/api/v1/prune",
                  Json.MAPPER.createObjectNode().put("endedBefore", cutoff.toString()));
    } else {
      try (Context ctx = Context.open(store)) {
        n = document(ctx.store.prune(cutoff), cutoff);
      }
    }
    if (json) Json.print(System.out, n);
    else
      System.out.printf(
          "Pruned %d finished run(s) that ended before %s.%n",
          n.path("pruned").asInt(), n.path("endedBefore").asText());
    return ExitCodes.OK;
  }

  /** What {@code prune --json} prints and {@code POST /api/v1/prune} answers. */
  static com.fasterxml.jackson.databind.node.ObjectNode document(int pruned, Instant cutoff) {
    var n = Json.MAPPER.createObjectNode();
    n.put("pruned", pruned);
    n.put("endedBefore", cutoff.toString());
    return n;
  }

  private Instant cutoff() {
    if ((olderThan == null) == (before == null)) {
      throw new UserError("give one of --older-than AGE or --before TIME");
    }
    if (before != null) {
      try {
        return Instant.parse(before);
      } catch (DateTimeParseException e) {
        throw new UserError("--before: not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
      }
    }
    Duration age;
    try {
      age = Durations.parse(olderThan);
    } catch (IllegalArgumentException e) {
      throw new UserError("--older-than: " + e.getMessage());
    }
    if (age.isNegative() || age.isZero()) {
      throw new UserError("--older-than: the age must be longer than 0s");
    }
    return Instant.now().minus(age);
  }
}
