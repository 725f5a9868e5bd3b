package dev.baton.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton approve|reject TASK}: one-word answers to a human task, through {@link DecideCmd}.
 */
abstract class AnswerCmd implements Callable<Integer> {
  @Parameters(paramLabel = "TASK", description = "the human task's id (see `baton inbox`)")
  String task;

  @Option(names = "--by", paramLabel = "NAME", description = "who decides (default: $USER)")
  String by;

  @Option(names = "--note", paramLabel = "TEXT", description = "why, kept in the journal")
  String note;

  @Mixin StoreOptions store;

  abstract String action();

  @Override
  public Integer call() {
    return DecideCmd.submit(store, task, action(), List.of(), null, by, note);
  }
}
