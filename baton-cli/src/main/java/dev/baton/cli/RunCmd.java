package dev.baton.cli;

import dev.baton.Baton;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton run FILE}: runs a workflow to its end, showing live progress. */
@Command(name = "run", description = "Run a workflow to its end, showing live progress.")
final class RunCmd implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "the workflow file")
  Path file;

  @Option(
      names = {"-i", "--input"},
      paramLabel = "KEY=VALUE",
      description = "an input of the workflow")
  List<String> inputs = List.of();

  @Option(
      names = "--agents",
      paramLabel = "FILE",
      description = "agents file (default: agents.yaml beside the workflow)")
  Path agents;

  @Option(names = "--id", paramLabel = "ID", description = "the run's id (default: generated)")
  String id;

  @Option(
      names = "--exit-on-human",
      description = "exit with code 3 as soon as the run waits for a person")
  boolean exitOnHuman;

  @Option(names = "--json", description = "print only a final JSON summary")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "without a terminal, print every event (progress reports and handoffs too)")
  boolean verbose;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    var remote = store.remote();
    if (remote.isPresent()) {
      // checked here first when the file is here too: problems come as FILE:LINE:COLUMN, exit 2
      if (java.nio.file.Files.exists(file)) new Workflows().load(file, Optional.ofNullable(agents));
      return RemoteRun.start(
          remote.get(),
          file,
          Optional.ofNullable(agents),
          parseInputs(inputs),
          Optional.ofNullable(id),
          json,
          exitOnHuman,
          verbose);
    }
    Workflow wf = new Workflows().load(file, Optional.ofNullable(agents));
    Map<String, String> given = parseInputs(inputs);
    try (Context ctx = Context.openOrCreate(store)) {
      Baton baton = ctx.baton();
      return Execution.follow(
          ctx, () -> baton.start(wf, given, Optional.ofNullable(id)), json, exitOnHuman, verbose);
    }
  }

  static Map<String, String> parseInputs(List<String> inputs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : inputs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) throw new UserError("input '" + kv + "' must look like KEY=VALUE");
      out.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return out;
  }
}
