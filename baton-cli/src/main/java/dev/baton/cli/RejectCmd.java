package dev.baton.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton reject TASK}: reject an approval, or abort an escalation. */
@Command(name = "reject", description = "Reject a task (for escalations: abort).")
final class RejectCmd implements Callable<Integer> {
  @Parameters(paramLabel = "TASK") String task;
  @Option(names = "--by", paramLabel = "NAME") String by;
  @Option(names = "--note", paramLabel = "TEXT") String note;
  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    return DecideCmd.submit(store, task, "reject", List.of(), null, by, note);
  }
}
