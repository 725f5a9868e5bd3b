package dev.baton.bench;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.agents.command.CommandAgentFactory;
import dev.baton.run.RunStatus;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Baton on a fresh SQLite store (WAL, {@code synchronous=FULL}), driven through its public API:
 * in-process no-op agents, or command agents running {@code true}.
 */
final class BatonTarget implements AutoCloseable {
  final JournalStore store;
  final Baton baton;
  final Workflow workflow;
  final Shape shape;
  final Probe probe;

  private BatonTarget(Shape shape, Path dir, List<String> command) {
    this.shape = shape;
    this.probe = new Probe(shape);
    this.store = Stores.sqlite(dir.resolve("baton.db"), Clock.systemUTC());
    Baton.Builder b = Baton.builder().store(store).stateDir(dir.resolve("state"));
    if (command != null) {
      this.workflow = Workflows.command(shape, command);
      CommandAgentFactory commands = new CommandAgentFactory(dir);
      b.agentFactory(spec -> commands.create(spec).map(this::probed));
    } else {
      this.workflow = Workflows.inProcess(shape);
      b.agent(Workflows.AGENT, probed((handoff, attempt) -> Outcome.succeeded(null)));
    }
    this.baton = b.workflow(workflow).build();
  }

  static BatonTarget inProcess(Shape shape, Path dir) {
    return new BatonTarget(shape, dir, null);
  }

  /** Every step runs {@code argv} through a command agent. */
  static BatonTarget command(Shape shape, List<String> argv, Path dir) {
    return new BatonTarget(shape, dir, argv);
  }

  private Agent probed(Agent agent) {
    return (handoff, attempt) -> {
      probe.started(attempt.run(), attempt.step());
      Outcome o = agent.perform(handoff, attempt);
      probe.ended(attempt.run(), attempt.step());
      return o;
    };
  }

  /** Starts one run and completes when it has succeeded (fails otherwise). */
  CompletableFuture<?> run(int i) {
    RunHandle h = baton.start(workflow, Map.of());
    return h.completion()
        .thenAccept(state -> {
          probe.forget(h.id());
          if (state.status() != RunStatus.SUCCEEDED)
            throw new IllegalStateException("run " + h.id() + " ended " + state.status());
        });
  }

  /** Warms up, then measures {@code total} workflows at {@code concurrency}. */
  Row measure(String scenario, int concurrency, int warmup, int total) {
    probe.recording = false;
    probe.handoffs.clear(); // a target measured in several rounds reports each on its own
    probe.steps.clear();
    Load.run(warmup, concurrency, this::run);
    probe.recording = true;
    JournalStore.Stats before = store.stats();
    Load.Measured m = Load.run(total, concurrency, this::run);
    JournalStore.Stats after = store.stats();
    Row.Journal journal =
        new Row.Journal(after.commits() - before.commits(), after.events() - before.events());
    long busy = after.commitTime().minus(before.commitTime()).toNanos();
    return Row.of(scenario, "Baton", concurrency, shape, m, probe.handoffs, journal)
        .note(Row.writerNote(scenario, "Baton", concurrency, busy, journal.commits(), m.nanos()));
  }

  @Override
  public void close() {
    baton.close();
    store.close();
  }
}
