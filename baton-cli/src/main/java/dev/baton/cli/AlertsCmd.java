package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.baton.metrics.Alert;
import dev.baton.monitoring.AlertJson;
import dev.baton.monitoring.AlertMonitor;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton alerts}: evaluates the rules of {@code baton.yaml} now (so that alerts whose window
 * has passed are resolved, and sinks hear of it), then lists every alert, open ones first.
 */
@Command(
    name = "alerts",
    description = "Alerts raised by the monitoring rules (open first), after evaluating them now.")
final class AlertsCmd implements Callable<Integer> {
  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = "--open", description = "only open alerts")
  boolean openOnly;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    try (Context ctx = Context.client(store)) {
      // a server evaluates the rules itself as its journals grow
      if (ctx.remote.isEmpty()) {
        try (AlertMonitor monitor =
            AlertMonitor.create(ctx.store, ctx.monitoring(), Clock.systemUTC())) {
          monitor.evaluate();
        }
      }
      List<Alert> alerts =
          ctx.store.alerts().stream()
              .filter(a -> !openOnly || a.open())
              .sorted(
                  java.util.Comparator.comparing((Alert a) -> !a.open())
                      .thenComparing(Alert::raised, java.util.Comparator.reverseOrder()))
              .toList();
      if (json) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        alerts.forEach(a -> array.add(AlertJson.toJson(a)));
        Json.print(System.out, array);
        return ExitCodes.OK;
      }
      if (alerts.isEmpty()) {
        System.out.println("No alerts.");
        return ExitCodes.OK;
      }
      System.out.printf(
          "%-6s %-9s %-20s %-22s %-20s %s%n",
          "ID", "STATE", "RULE", "SUBJECT", "RAISED", "MESSAGE");
      for (Alert a : alerts) {
        String subject =
            a.subject()
                .run()
                .map(r -> r + a.subject().step().map(s -> "/" + s).orElse(""))
                .orElse(
                    a.subject().agent().orElse("")
                        + a.subject().taskType().map(t -> "/" + t).orElse(""));
        System.out.printf(
            "%-6s %-9s %-20s %-22s %-20s %s%n",
            a.id(),
            a.open() ? "open" : "resolved",
            a.rule(),
            subject,
            a.raised().toString().substring(0, 19).replace('T', ' '),
            a.message());
      }
      return ExitCodes.OK;
    }
  }
}
