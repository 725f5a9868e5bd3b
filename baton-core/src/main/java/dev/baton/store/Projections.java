package dev.baton.store;

import dev.baton.journal.AgentStatus;
import dev.baton.journal.HumanTask;
import dev.baton.run.RunSummary;
import java.util.List;
import java.util.Optional;

/**
 * The small tables a store keeps in the same transactions as the journal: runs, human tasks, the
 * agents' latest status.
 */
public interface Projections {

  List<RunSummary> runs();

  Optional<RunSummary> run(String run);

  /** Runs that have not finished (any state but SUCCEEDED, FAILED, ROLLED_BACK, CANCELLED). */
  List<String> unfinishedRuns();

  List<HumanTask> openHumanTasks();

  Optional<HumanTask> humanTask(String id);

  List<AgentStatus> agentStatuses();
}
