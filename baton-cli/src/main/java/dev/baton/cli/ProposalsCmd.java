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
    try (Context ctx = Context.open(store)) {
      Clock clock = Clock.systemUTC();
      List<Proposal> all =
          new ProposalBook(ctx.store, new ConfigBook(ctx.store, clock), clock).list();
      if (json) {
        Json.print(
            System.out, Json.MAPPER.valueToTree(dev.baton.improve.ImprovementJson.proposals(all)));
        return ExitCodes.OK;
      }
      if (all.isEmpty()) {
        System.out.println("No proposals yet: reviews open them (`baton review daily`).");
        return ExitCodes.OK;
      }
      System.out.printf("%-5s %-9s %-11s %s%n", "ID", "STATE", "KIND", "CHANGE / REASON");
      for (Proposal p : all) {
        System.out.printf("%-5s %-9s %-11s %s%n", p.id(), p.state(), p.kind(), p.change());
        System.out.printf("%-27s %s%n", "", p.reason());
        if (!p.deferred().isEmpty() && p.state().equals("approved"))
          System.out.printf("%-27s deferred: %s%n", "", p.deferred());
      }
      return ExitCodes.OK;
    }
  }
}
