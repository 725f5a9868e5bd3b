package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agent.Outcome;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.JournalStore;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.workflow.AgentRef;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Expression;
import dev.baton.workflow.Mode;
import dev.baton.workflow.OnFailure;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Success;
import dev.baton.workflow.Template;
import dev.baton.workflow.Workflow;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that never stops must not keep what it has finished: after thousands of runs through
 * one store and one Baton, no journal entry and no state of a finished run is still reachable while
 * both stay open. Reachability is observed with weak references, which the collector clears only
 * once nothing else refers to their object; nothing here depends on timing.
 */
class SqliteRetentionTest {
  static final int RUNS = 2_000;
  static final int CLIENTS = 16;

  @TempDir Path dir;

  @Test
  void finished_runs_leave_nothing_reachable_in_a_store_that_stays_open() throws Exception {
    ConcurrentLinkedQueue<WeakReference<Object>> finished = new ConcurrentLinkedQueue<>();
    try (JournalStore store = Stores.sqlite(dir.resolve("baton.db"), Clock.systemUTC());
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(dir.resolve("state"))
                .agent("worker", (handoff, attempt) -> Outcome.succeeded(Map.of("ok", true)))
                .build()) {
      // every entry the engine publishes, and every run's final state, watched but not held
      baton.subscribe(entries -> entries.forEach(e -> finished.add(new WeakReference<>(e))));
      Workflow wf = workflow();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger succeeded = new AtomicInteger();
      try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int c = 0; c < CLIENTS; c++) {
          clients.execute(() -> {
            while (next.getAndIncrement() < RUNS) {
              RunHandle run = baton.start(wf, Map.of());
              RunState end = run.await();
              if (end.status() == RunStatus.SUCCEEDED) succeeded.incrementAndGet();
              finished.add(new WeakReference<>(end));
            }
          });
        }
      }
      assertThat(succeeded).hasValue(RUNS);
      assertThat(finished).hasSizeGreaterThan(RUNS * 10);

      // both still open: the writer has committed everything, and nothing may hold on to it
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> {
            System.gc();
            assertThat(reachable(finished))
                .as("journal entries and states of finished runs still reachable")
                .isEmpty();
          });
      assertThat(store.runs()).hasSize(RUNS);
    }
  }

  private static List<Object> reachable(ConcurrentLinkedQueue<WeakReference<Object>> refs) {
    List<Object> out = new ArrayList<>();
    for (WeakReference<Object> r : refs) {
      Object o = r.get();
      if (o != null) out.add(o instanceof JournalEntry e ? e.run() + "#" + e.seq() : o.getClass());
      if (out.size() == 5) break;
    }
    return out;
  }

  /** Two steps in parallel, then two in sequence: every kind of hand-over, few steps. */
  private static Workflow workflow() {
    Map<String, AgentSpec> agents = new LinkedHashMap<>();
    agents.put(
        "worker",
        new AgentSpec("worker", "worker", List.of("work"), List.of(), 1_000, inProcess()));
    agents.put(
        "meta",
        new AgentSpec("meta", "Meta Agent", List.of("triage"), List.of(), 1, new AgentSpec.Meta()));
    return new Workflow(
        "retention",
        "",
        Map.of(),
        List.of("worker"),
        agents,
        List.of(),
        Expression.constant("normal"),
        Optional.empty(),
        List.of(),
        List.of(),
        List.of(
            phase("build", Mode.PARALLEL, step("a"), step("b")),
            phase("ship", Mode.SEQUENTIAL, step("c"), step("d"))),
        new Workflow.Sources("retention", "", Optional.empty(), Optional.empty()));
  }

  private static AgentSpec.Kind inProcess() {
    return new AgentSpec.InProcess();
  }

  private static Phase phase(String name, Mode mode, StepSpec... steps) {
    return new Phase(
        name,
        mode,
        List.of(steps),
        Optional.empty(),
        OnFailure.ROLLBACK_RUN,
        0,
        false,
        Optional.empty(),
        Optional.empty(),
        false,
        1.5);
  }

  private static StepSpec step(String id) {
    return new StepSpec(
        id,
        new AgentRef.Named("worker"),
        List.of(),
        Template.literal("do " + id),
        Optional.empty(),
        Optional.empty(),
        0,
        Duration.ofMillis(10),
        Optional.empty(),
        Success.NONE,
        Optional.empty(),
        List.of(),
        false,
        false,
        List.of());
  }
}
