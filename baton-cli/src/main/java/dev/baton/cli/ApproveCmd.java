package dev.baton.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton approve TASK}: approve an approval, or continue an escalation. */
@Command(name = "approve", description = "Approve a task (for escalations: continue).")
final class ApproveCmd implements Callable<Integer> {
  @Parameters(paramLabel = "TASK") String task;
  @Option(names = "--by", paramLabel = "NAME") String by;
  @Option(names = "--note", paramLabel = "TEXT") String note;
  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    return DecideCmd.submit(store, task, "approve", List.of(), null, by, note);
  }
}
