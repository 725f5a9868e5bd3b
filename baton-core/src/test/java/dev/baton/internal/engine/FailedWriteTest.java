package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.JournalWriteException;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.Mode;
import dev.baton.workflow.Workflow;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed journal write stops the run where its journal stands: nothing after the failed append is
 * recorded or acted on, its agent slots and lease are given back, and {@code resume} continues it
 * once the store accepts writes again.
 */
class FailedWriteTest {
  @TempDir Path dir;
  final InMemoryJournalStore memory = new InMemoryJournalStore();

  /** Runs whose appends fail, as on a full disk. */
  final Set<String> broken = ConcurrentHashMap.newKeySet();

  final JournalStore store = failing(memory, broken);

  @Test
  void a_run_stops_after_a_failed_write_and_resume_continues_it_once_the_store_writes_again()
      throws Exception {
    AtomicInteger performed = new AtomicInteger();
    Agent agent =
        (h, a) -> {
          if (performed.incrementAndGet() == 1) broken.add(a.run()); // the disk fills up
          a.reporter().progress(50, "half way");
          return Outcome.succeeded("done");
        };
    Workflow wf =
        workflow("w", List.of("a"), phase("p", Mode.SEQUENTIAL, step("s1", "a"), step("s2", "a")));
    String id;
    try (Baton baton = baton(agent, wf)) {
      RunHandle run = baton.start(wf, Map.of(), Optional.of("r1"));
      id = run.id();
      assertThatThrownBy(run::await)
          .isInstanceOf(JournalWriteException.class)
          .hasMessage(
              "disk full writing the journal of run r1; free space and run `baton resume r1`");
    }
    assertThat(memory.read(id, 0)).noneMatch(e -> e.event() instanceof Event.StepSucceeded);
    assertThat(memory.run(id)).map(RunSummary::state).contains(RunStatus.RUNNING);

    broken.clear(); // space is back
    try (Baton baton = baton(agent, wf)) {
      RunState end = baton.resume(id).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
    List<JournalEntry> journal = memory.read(id, 0);
    assertThat(journal)
        .extracting(JournalEntry::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, journal.size()).boxed().toList());
    assertThat(journal.stream().filter(e -> e.event() instanceof Event.StepSucceeded)).hasSize(2);
  }

  @Test
  void a_run_abandoned_after_a_failed_write_gives_back_the_agent_slot_other_runs_wait_for()
      throws Exception {
    Agent agent =
        (h, a) -> {
          if (a.run().equals("r7")) {
            broken.add("r7"); // its next write fails while it holds the only slot
            a.reporter().progress(10, "starting");
            a.cancellation().await(60_000);
            return Outcome.failed("stopped");
          }
          return Outcome.succeeded("ok");
        };
    Workflow wf = workflow("w", List.of("a"), phase("p", Mode.SEQUENTIAL, step("s", "a")));
    try (Baton baton = baton(agent, wf)) {
      List<RunHandle> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) runs.add(baton.start(wf, Map.of(), Optional.of("r" + i)));
      for (RunHandle r : runs) {
        CompletableFuture<RunState> done = r.completion();
        if (r.id().equals("r7")) {
          assertThatThrownBy(() -> done.get(60, TimeUnit.SECONDS))
              .hasCauseInstanceOf(JournalWriteException.class);
        } else {
          assertThat(done.get(60, TimeUnit.SECONDS).status())
              .as(r.id())
              .isEqualTo(RunStatus.SUCCEEDED);
        }
      }
      assertThat(baton.running("a")).isZero();
    }
  }

  private Baton baton(Agent agent, Workflow wf) {
    return Baton.builder().store(store).stateDir(dir).agent("a", agent).workflow(wf).build();
  }

  /** The store, with every append of a run in {@code broken} failing as on a full disk. */
  static JournalStore failing(JournalStore store, Set<String> broken) {
    return (JournalStore)
        Proxy.newProxyInstance(
            JournalStore.class.getClassLoader(),
            new Class<?>[] {JournalStore.class},
            (proxy, m, args) -> {
              if (m.getName().equals("append")
                  && args[0] instanceof RunJournal.Append a
                  && broken.contains(a.run())) {
                var full =
                    new JournalWriteException(
                        a.run(),
                        "disk full writing the journal of run "
                            + a.run()
                            + "; free space and run `baton resume "
                            + a.run()
                            + "`",
                        null);
                if (args.length == 1) return CompletableFuture.failedFuture(full);
                ((RunJournal.Committed) args[1]).done(full);
                return null;
              }
              try {
                return m.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
