package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.LeaseOwner;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton runs}: lists runs, newest first, optionally filtered. A run that has started but
 * that no process executes now (paused by Ctrl-C, or its process died) shows as {@code PAUSED}.
 */
@Command(name = "runs", description = "List runs, newest first.")
final class RunsCmd implements Callable<Integer> {
  @Option(
      names = "--json",
      description =
          "print JSON: [{run, workflow, state, priority, started, ended, duration, node}]")
  boolean json;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      split = ",",
      description =
          "only runs in these states (e.g. RUNNING,FAILED; PAUSED: started, but no process"
              + " executes them now)")
  List<String> states = List.of();

  @Option(names = "--workflow", paramLabel = "NAME", description = "only runs of this workflow")
  String workflow;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "at most N runs, newest first (default: ${DEFAULT-VALUE}; 0: all)")
  int limit;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    List<String> wanted = states.stream().map(RunsCmd::state).toList();
    if (limit < 0) throw new UserError("--limit must be 0 (all) or more, not " + limit);
    try (Context ctx = Context.client(store)) {
      List<RunSummary> all = ctx.store.runs();
      Set<String> executing =
          ctx.store.executing(
              all.stream().filter(r -> !r.state().finished()).map(RunSummary::run).toList());
      List<RunSummary> runs =
          all.stream()
              .filter(r -> wanted.isEmpty() || wanted.contains(r.listedState(executing)))
              .filter(r -> workflow == null || r.workflow().equals(workflow))
              .sorted((a, b) -> b.started().compareTo(a.started()))
              .limit(limit == 0 ? Long.MAX_VALUE : limit)
              .toList();
      Instant now = Instant.now();
      // which node executes each unfinished run (several servers on one store, docs/cluster.md)
      Map<String, String> holders = ctx.store.leaseHolders();
      if (json) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (RunSummary r : runs) {
          ObjectNode n = array.addObject();
          n.put("run", r.run());
          n.put("workflow", r.workflow());
          n.put("state", r.listedState(executing));
          n.put("priority", r.priority());
          n.put("started", r.started().toString());
          n.put("ended", r.ended().map(Instant::toString).orElse(null));
          n.put("duration", duration(r, now).toMillis() / 1000.0);
          String holder = holders.get(r.run());
          n.put("node", holder == null ? null : LeaseOwner.nodeOf(holder));
        }
        Json.print(System.out, array);
        return ExitCodes.OK;
      }
      if (runs.isEmpty()) {
        System.out.println(
            wanted.isEmpty() && workflow == null
                ? "No runs yet. Start one with: baton run examples/feature.yaml"
                : "No runs match.");
        return ExitCodes.OK;
      }
      String row = "%-28s %-16s %-12s %-9s %-16s %-16s %-9s %s%n";
      System.out.printf(
          row, "RUN", "WORKFLOW", "STATE", "PRIORITY", "STARTED", "ENDED", "DURATION", "NODE");
      for (RunSummary r : runs) {
        System.out.printf(
            row,
            r.run(),
            r.workflow(),
            r.listedState(executing),
            r.priority(),
            when(r.started(), now),
            r.ended().map(e -> when(e, now)).orElse("-"),
            EventLines.seconds(duration(r, now).toMillis())
                + (r.ended().isEmpty() && !r.state().finished() ? "+" : ""),
            Optional.ofNullable(holders.get(r.run())).map(LeaseOwner::nodeOf).orElse("-"));
      }
      return ExitCodes.OK;
    }
  }

  private static String state(String s) {
    List<String> known =
        Stream.concat(
                Arrays.stream(RunStatus.values()).map(Enum::name), Stream.of(RunSummary.PAUSED))
            .toList();
    String word = s.strip().toUpperCase(Locale.ROOT);
    if (known.contains(word)) return word;
    throw new UserError("--state: unknown state '" + s + "': one of " + String.join(", ", known));
  }

  private static Duration duration(RunSummary r, Instant now) {
    return Duration.between(r.started(), r.ended().orElse(now));
  }

  private static final DateTimeFormatter TODAY =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final DateTimeFormatter EARLIER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  /** A time in the local zone, with how long ago it was when that is recent. */
  static String when(Instant t, Instant now) {
    long s = Duration.between(t, now).toSeconds();
    if (s < 60) return TODAY.format(t) + " (" + Math.max(0, s) + "s ago)";
    if (s < 3600) return TODAY.format(t) + " (" + s / 60 + "m ago)";
    if (s < 86_400) return TODAY.format(t) + " (" + s / 3600 + "h ago)";
    return EARLIER.format(t);
  }
}
