package dev.baton.cli;

import dev.baton.improve.ConfigBook;
import dev.baton.improve.Proposal;
import dev.baton.improve.ProposalBook;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code baton proposals [--json]}: the improvement proposals and where each one stands. */
@Command(
    name = "proposals",
    description =
        "List improvement proposals (open, approved, rejected, applied); answer them with baton approve|reject ID.")
final class ProposalsCmd implements Callable<Integer> {
  @Option(
      names = "--json",
      description = "print JSON: [{id, kind, subject, change, reason, state}]")
  boolean json;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    com.fasterxml.jackson.databind.JsonNode all;
    try (Context ctx = Context.client(store)) {
      if (ctx.remote.isPresent()) all = ctx.remote.get().get("/api/v1/proposals");
      else {
        Clock clock = Clock.systemUTC();
        List<Proposal> proposals =
            new ProposalBook(ctx.store, new ConfigBook(ctx.store, clock), clock).list();
        all = Json.MAPPER.valueToTree(dev.baton.improve.ImprovementJson.proposals(proposals));
      }
    }
    if (json) {
      Json.print(System.out, all);
      return ExitCodes.OK;
    }
    if (all.isEmpty()) {
      System.out.println("No proposals yet: reviews open them (`baton review daily`).");
      return ExitCodes.OK;
    }
    System.out.printf("%-5s %-9s %-11s %s%n", "ID", "STATE", "KIND", "CHANGE / REASON");
    for (var p : all) {
      String state = p.path("state").asText();
      System.out.printf(
          "%-5s %-9s %-11s %s%n",
          p.path("id").asText(), state, p.path("kind").asText(), p.path("change").asText());
      System.out.printf("%-27s %s%n", "", p.path("reason").asText());
      if (p.hasNonNull("deferred") && state.equals("approved"))
        System.out.printf("%-27s deferred: %s%n", "", p.path("deferred").asText());
    }
    return ExitCodes.OK;
  }
}
