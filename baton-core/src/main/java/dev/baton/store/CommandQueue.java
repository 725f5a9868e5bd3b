package dev.baton.store;

import dev.baton.journal.RunCommand;
import java.util.List;

/** Commands from other processes (decisions, cancels, feedback) for the process executing a run. */
public interface CommandQueue {

  /** Queues a command for a run; returns its id. */
  long submit(RunCommand command);

  /** Commands not yet done, for the given runs, oldest first. */
  List<RunCommand> pendingCommands(List<String> runs);

  void completeCommand(long id);
}
