package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RecordJournals;
import dev.baton.journal.ReplanDecision;
import dev.baton.meta.Decision;
import dev.baton.meta.MetaPolicy;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.run.StepStatus;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.Mode;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meta agent's {@code amend} decision (docs/meta-agent.md#amending-the-plan): the steps it
 * inserts run before the failed step is retried, the decision is journaled with them, and a run
 * resumed after it plans the very same phase.
 */
@ExtendWith(RecordJournals.class)
class AmendTest {
  @TempDir Path dir;
  final InMemoryJournalStore store = new InMemoryJournalStore();

  /** The build step works once the prepare step has run; the meta agent inserts it once. */
  final Set<String> prepared = ConcurrentHashMap.newKeySet();

  final List<String> performed = new CopyOnWriteArrayList<>();

  static final MetaPolicy INSERT_PREPARE =
      f ->
          f.replan() == 1
              ? new Decision.Amend(
                  List.of(new Decision.AmendedStep("prepare", "b", "Create the build directory")),
                  "the build needs its directory first")
              : new Decision.Escalate("again");

  Agent worker() {
    return (h, a) -> {
      performed.add(a.step() + ":" + a.agent() + ":" + h.task());
      if (a.step().equals("prepare")) {
        prepared.add(a.run());
        return Outcome.succeeded(Map.of("made", "dir"));
      }
      if (a.step().equals("build") && !prepared.contains(a.run()))
        return Outcome.failed("no build directory");
      return Outcome.succeeded(a.step());
    };
  }

  static Workflow wf(String name, Mode mode) {
    return workflow(
        name,
        List.of("a", "b"),
        phase("one", Mode.SEQUENTIAL, step("fetch", "a")),
        phase("two", mode, step("lint", "a"), step("build", "a"), step("test", "a")));
  }

  @Test
  void inserted_steps_run_before_the_failed_step_is_retried_and_the_decision_is_journaled() {
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .metaPolicy(INSERT_PREPARE)
            .agent("a", worker())
            .agent("b", worker())
            .build()) {
      RunState end = baton.start(wf("amend", Mode.SEQUENTIAL), Map.of()).await();

      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      List<Event> events = store.read(end.id(), 0).stream().map(JournalEntry::event).toList();
      Event.Replanned r =
          events.stream()
              .filter(Event.Replanned.class::isInstance)
              .map(Event.Replanned.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(r.decision()).isEqualTo(ReplanDecision.AMEND);
      assertThat(r.step()).isEqualTo("build");
      assertThat(r.reason()).startsWith("the build needs its directory first");
      assertThat(r.amended())
          .containsExactly(
              new Event.PlannedStep("prepare", "prepare", "b", null, "Create the build directory"));
      Event.PhaseStarted again =
          events.stream()
              .filter(e -> e instanceof Event.PhaseStarted p && p.round() == 1)
              .map(Event.PhaseStarted.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(again.steps().stream().map(Event.PlannedStep::id))
          .containsExactly("lint", "prepare", "build", "test");
      // lint succeeded and has no rollback: it keeps its result; prepare runs, then build again
      assertThat(performed)
          .containsExactly(
              "fetch:a:do fetch",
              "lint:a:do lint",
              "build:a:do build",
              "prepare:b:Create the build directory",
              "build:a:do build",
              "test:a:do test");
      assertThat(end.step("prepare").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(end.extraConstraints("build"))
          .singleElement()
          .asString()
          .contains("the build needs its directory first", "no build directory");
    }
  }

  @Test
  void in_a_parallel_phase_the_steps_after_an_inserted_one_wait_for_it() {
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .metaPolicy(INSERT_PREPARE)
            .agent("a", worker())
            .agent("b", worker())
            .build()) {
      RunState end = baton.start(wf("amend-par", Mode.PARALLEL), Map.of()).await();

      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      int prepare = performed.indexOf("prepare:b:Create the build directory");
      assertThat(prepare).isPositive();
      assertThat(performed.lastIndexOf("build:a:do build")).isGreaterThan(prepare);
    }
  }

  @Test
  void an_amendment_naming_a_step_that_exists_or_an_unknown_agent_becomes_an_escalation() {
    MetaPolicy taken =
        f ->
            new Decision.Amend(
                List.of(new Decision.AmendedStep("lint", "b", "lint again")), "redo lint");
    MetaPolicy stranger =
        f ->
            new Decision.Amend(
                List.of(new Decision.AmendedStep("fixup", "zed", "fix it")), "zed knows");
    for (MetaPolicy policy : List.of(taken, stranger)) {
      try (Baton baton =
          Baton.builder()
              .store(store)
              .stateDir(dir)
              .metaPolicy(policy)
              .agent("a", worker())
              .agent("b", worker())
              .build()) {
        var handle = baton.start(wf("amend-bad", Mode.SEQUENTIAL), Map.of());
        Awaitility.await()
            .until(() ->
                baton.state(handle.id()).map(RunState::status).orElse(null) == RunStatus.WAITING);
        Event.Replanned r =
            store.read(handle.id(), 0).stream()
                .map(JournalEntry::event)
                .filter(Event.Replanned.class::isInstance)
                .map(Event.Replanned.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(r.decision()).isEqualTo(ReplanDecision.ESCALATE);
        assertThat(r.reason()).startsWith("meta proposed an amendment Baton cannot apply (step");
        assertThat(r.amended()).isNull();
      }
    }
  }

  @Test
  void a_run_resumed_after_an_amendment_runs_the_inserted_step_again_with_the_same_key() {
    Workflow wf = wf("amend-crash", Mode.SEQUENTIAL);
    Agent hangOnPrepare =
        (h, a) -> {
          if (a.step().equals("prepare")) {
            a.cancellation().await(60_000);
            return Outcome.failed("stopped");
          }
          return worker().perform(h, a);
        };
    String id;
    try (Baton first =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .metaPolicy(INSERT_PREPARE)
            .agent("a", worker())
            .agent("b", hangOnPrepare)
            .build()) {
      id = first.start(wf, Map.of()).id();
      Awaitility.await()
          .until(() ->
              store.read(id, 0).stream()
                  .anyMatch(
                      e -> e.event() instanceof Event.StepStarted s && s.step().equals("prepare")));
    }
    store.releaseLease(id, LeaseOwner.current());
    List<String> keys = new CopyOnWriteArrayList<>();
    try (Baton second =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .metaPolicy(INSERT_PREPARE)
            .workflow(wf)
            .agent("a", worker())
            .agent(
                "b",
                (h, a) -> {
                  keys.add(a.idempotencyKey() + " " + h.task());
                  return worker().perform(h, a);
                })
            .build()) {
      RunState end = second.resume(id).await();

      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(keys).containsExactly(id + "/prepare/1 Create the build directory");
      assertThat(end.step("build").orElseThrow().attempt()).isEqualTo(2);
      assertThat(
              store.read(id, 0).stream().filter(e -> e.event() instanceof Event.Replanned).count())
          .isEqualTo(1);
    }
  }
}
