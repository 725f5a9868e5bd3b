package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Baton;
import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RecordJournals;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.run.StepStatus;
import dev.baton.store.RunJournal;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.InvalidWorkflowException;
import dev.baton.workflow.Mode;
import dev.baton.workflow.OnFailure;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RecordJournals.class)
class EngineTest {
  @TempDir Path dir;
  final InMemoryJournalStore store = new InMemoryJournalStore();

  Baton baton(Map<String, Agent> agents) {
    Baton.Builder b = Baton.builder().store(store).stateDir(dir);
    agents.forEach(b::agent);
    return b.build();
  }

  static Agent echo() {
    return (h, a) -> {
      a.reporter().progress(50, "half way");
      return Outcome.succeeded(Map.of("by", a.agent(), "from", h.fromAgent()));
    };
  }

  @Test
  void runs_phases_in_order_and_passes_the_gate() {
    Workflow wf =
        workflow(
            "demo",
            List.of("a", "b", "c"),
            phase("one", Mode.PARALLEL, step("x", "a"), step("y", "b"), step("z", "c")),
            phase("two", Mode.SEQUENTIAL, step("p", "a"), step("q", "b")));
    try (Baton baton = baton(Map.of("a", echo(), "b", echo(), "c", echo()))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.steps()).allMatch(s -> s.status() == StepStatus.SUCCEEDED);
      List<String> types = store.read(end.id(), 0).stream().map(e -> e.event().type()).toList();
      assertThat(types.get(0)).isEqualTo("RunStarted");
      assertThat(types.get(types.size() - 1)).isEqualTo("RunSucceeded");
      assertThat(types).contains("HandoffSent", "StatusReported", "PhaseSucceeded");
      assertThat(((Map<?, ?>) end.step("q").orElseThrow().output()).get("from")).isEqualTo("a");
    }
  }

  @Test
  void a_run_starts_with_one_commit_that_holds_its_first_phase_and_step() {
    Workflow wf = workflow("one", List.of("a"), phase("only", Mode.SEQUENTIAL, step("x", "a")));
    try (Baton baton = baton(Map.of("a", (h, a) -> Outcome.succeeded("done")))) {
      long before = store.stats().commits();
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(store.read(end.id(), 0).stream().map(e -> e.event().type()).toList())
          .startsWith("RunStarted", "PhaseStarted", "StepStarted", "HandoffSent");
      // the start (run, phase, step, handoff), then the end (step, phase, run)
      assertThat(store.stats().commits() - before).isEqualTo(2);
    }
  }

  @Test
  void a_run_id_another_process_created_meanwhile_starts_nothing_here() {
    store
        .create(
            new RunJournal.Append(
                "taken",
                List.of(
                    new JournalEntry(
                        "taken",
                        1,
                        Instant.now(),
                        new Event.RunStarted("elsewhere", "normal", Map.of(), null))),
                null),
            LeaseOwner.node("elsewhere"),
            Instant.now().plusSeconds(60))
        .join();
    AtomicInteger performed = new AtomicInteger();
    Workflow wf = workflow("one", List.of("a"), phase("only", Mode.SEQUENTIAL, step("x", "a")));
    try (Baton baton =
        baton(
            Map.of(
                "a",
                (h, a) -> {
                  performed.incrementAndGet();
                  return Outcome.succeeded(null);
                }))) {
      assertThatThrownBy(() -> baton.start(wf, Map.of(), Optional.of("taken")))
          .hasMessageContaining("a run with id 'taken' already exists");
      assertThat(store.read("taken", 0)).hasSize(1);
      assertThat(baton.start(wf, Map.of()).await().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
    assertThat(performed).hasValue(1);
  }

  @Test
  void a_java_built_workflow_naming_an_unknown_agent_is_refused_before_anything_is_written() {
    Workflow wf =
        workflow(
            "typo",
            List.of("a"),
            phase("one", Mode.SEQUENTIAL, step("x", "a"), step("y", "tester")),
            phase("one", Mode.SEQUENTIAL, step("x", "a")));
    try (Baton baton = baton(Map.of("a", echo()))) {
      assertThatThrownBy(() -> baton.start(wf, Map.of()))
          .isInstanceOf(InvalidWorkflowException.class)
          .hasMessageContaining("unknown agent 'tester' in step 'y': known agents are a, meta")
          .hasMessageContaining("duplicate phase name 'one'")
          .hasMessageContaining("duplicate step id 'x'");
    }
    assertThat(store.runs()).isEmpty();
  }

  @Test
  void runs_parallel_steps_at_the_same_time() throws Exception {
    CountDownLatch all = new CountDownLatch(3);
    Agent waiter =
        (h, a) -> {
          all.countDown();
          return all.await(10, TimeUnit.SECONDS)
              ? Outcome.succeeded(null)
              : Outcome.failed("not parallel");
        };
    Workflow wf =
        workflow(
            "par",
            List.of("a", "b", "c"),
            phase("one", Mode.PARALLEL, step("x", "a"), step("y", "b"), step("z", "c")));
    try (Baton baton = baton(Map.of("a", waiter, "b", waiter, "c", waiter))) {
      assertThat(baton.start(wf, Map.of()).await().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }

  @Test
  void retries_a_failing_step_then_succeeds() {
    AtomicInteger calls = new AtomicInteger();
    Agent flaky =
        (h, a) ->
            calls.incrementAndGet() < 3
                ? Outcome.failed("flake " + a.attempt())
                : Outcome.succeeded("ok");
    Workflow wf =
        workflow(
            "retry",
            List.of("a"),
            phase("one", Mode.SEQUENTIAL, step("x", "a", 2, Optional.empty())));
    try (Baton baton = baton(Map.of("a", flaky))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("x").orElseThrow().attempt()).isEqualTo(3);
      assertThat(
              store.read(end.id(), 0).stream()
                  .filter(e -> e.event() instanceof Event.StepRetrying)
                  .count())
          .isEqualTo(2);
    }
  }

  @Test
  void a_failed_step_cancels_its_running_siblings_and_rolls_the_run_back() {
    Agent slow =
        (h, a) ->
            a.cancellation().await(10_000) ? Outcome.failed("stopped") : Outcome.succeeded(null);
    Agent bad = (h, a) -> Outcome.failed("boom");
    Workflow wf =
        workflow(
            "gate",
            List.of("a", "b"),
            phase("one", Mode.PARALLEL, OnFailure.ROLLBACK_RUN, step("x", "a"), step("y", "b")),
            phase("two", Mode.SEQUENTIAL, step("z", "a")));
    try (Baton baton = baton(Map.of("a", slow, "b", bad))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.ROLLED_BACK);
      assertThat(end.step("x").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
      assertThat(end.step("z")).isEmpty();
    }
  }

  @Test
  void flags_a_silent_step_as_stalled_once_and_lets_it_run() {
    CountDownLatch flagged = new CountDownLatch(1);
    Agent quiet =
        (h, a) ->
            flagged.await(10, TimeUnit.SECONDS)
                ? Outcome.succeeded("done")
                : Outcome.failed("never flagged");
    Workflow wf = workflow("quiet", List.of("a"), phase("one", Mode.SEQUENTIAL, step("x", "a")));
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .stallAfter(Duration.ofMillis(150))
            .agent("a", quiet)
            .build()) {
      baton.subscribe(entries ->
          entries.forEach(e -> {
            if (e.event() instanceof Event.AlertRaised r && r.rule().equals("stall"))
              flagged.countDown();
          }));
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(store.read(end.id(), 0))
          .filteredOn(e -> e.event() instanceof Event.AlertRaised)
          .hasSize(1);
    }
  }

  @Test
  void times_out_an_attempt() {
    Agent slow =
        (h, a) ->
            a.cancellation().await(10_000) ? Outcome.failed("stopped") : Outcome.succeeded(null);
    Workflow wf =
        workflow(
            "slow",
            List.of("a"),
            phase(
                "one",
                Mode.SEQUENTIAL,
                OnFailure.ROLLBACK_RUN,
                step("x", "a", 0, Optional.of(Duration.ofMillis(100)))));
    try (Baton baton = baton(Map.of("a", slow))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.ROLLED_BACK);
      assertThat(end.step("x").orElseThrow().status()).isEqualTo(StepStatus.TIMED_OUT);
    }
  }

  @Test
  void resumes_a_run_and_restarts_the_running_step_with_the_same_key() {
    CountDownLatch started = new CountDownLatch(1);
    Agent hang =
        (h, a) -> {
          started.countDown();
          a.cancellation().await(60_000);
          return Outcome.failed("stopped");
        };
    Workflow wf =
        workflow(
            "crash", List.of("a"), phase("one", Mode.SEQUENTIAL, step("x", "a"), step("y", "a")));
    String id;
    Baton first =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .agent(
                "a", (h, a) -> a.step().equals("x") ? Outcome.succeeded("x") : hang.perform(h, a))
            .workflow(wf)
            .build();
    id = first.start(wf, Map.of()).id();
    org.awaitility.Awaitility.await()
        .until(() ->
            store.read(id, 0).stream()
                .anyMatch(e -> e.event() instanceof Event.StepStarted s && s.step().equals("y")));
    // simulate a crash: the first engine's lease holder is this same live process, so free the
    // lease explicitly
    first.close();
    store.releaseLease(id, LeaseOwner.current());
    List<String> keys = new CopyOnWriteArrayList<>();
    try (Baton second =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .workflow(wf)
            .agent(
                "a",
                (h, a) -> {
                  keys.add(a.idempotencyKey());
                  return Outcome.succeeded("again");
                })
            .build()) {
      RunState end = second.resume(id).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(keys).containsExactly(id + "/y/1");
      assertThat(
              store.read(id, 0).stream()
                  .filter(e -> e.event() instanceof Event.StepStarted)
                  .map(JournalEntry::event)
                  .count())
          .isEqualTo(2);
    }
  }

  @Test
  void java_workflows_built_with_no_sources_resume_as_themselves() {
    Workflow review =
        withNoSources(
            workflow("review", List.of("a"), phase("one", Mode.SEQUENTIAL, step("r", "a"))));
    Workflow deploy =
        withNoSources(
            workflow("deploy", List.of("a"), phase("one", Mode.SEQUENTIAL, step("d", "a"))));
    assertThat(review.sources().workflowPath()).isEqualTo("<java:review>");
    assertThat(deploy.sources().workflowPath()).isEqualTo("<java:deploy>");
    CountDownLatch started = new CountDownLatch(1);
    Baton first =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .agent(
                "a",
                (h, a) -> {
                  started.countDown();
                  a.cancellation().await(60_000);
                  return Outcome.failed("stopped");
                })
            .workflow(review)
            .workflow(deploy)
            .build();
    String id = first.start(review, Map.of()).id();
    org.awaitility.Awaitility.await().until(() -> started.getCount() == 0);
    first.close();
    store.releaseLease(id, LeaseOwner.current());
    List<String> steps = new CopyOnWriteArrayList<>();
    try (Baton second =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .workflow(review)
            .workflow(deploy) // registered last: it must not stand for review
            .agent(
                "a",
                (h, a) -> {
                  steps.add(a.step());
                  return Outcome.succeeded("done");
                })
            .build()) {
      RunState end = second.resume(id).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.workflow()).isEqualTo("review");
      assertThat(steps).containsExactly("r");
    }
  }

  @Test
  void two_different_java_workflows_of_one_name_are_refused() {
    Workflow one =
        withNoSources(
            workflow("same", List.of("a"), phase("one", Mode.SEQUENTIAL, step("x", "a"))));
    Workflow two =
        withNoSources(
            workflow("same", List.of("a"), phase("one", Mode.SEQUENTIAL, step("y", "a"))));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Baton.builder().workflow(one).workflow(two))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("<java:same>");
  }

  private static Workflow withNoSources(Workflow w) {
    return new Workflow(
        w.name(),
        w.description(),
        w.inputs(),
        w.team(),
        w.agents(),
        w.specialists(),
        w.priority(),
        w.budget(),
        w.constraints(),
        w.escalation(),
        w.phases(),
        Workflow.Sources.none(),
        w.spend());
  }
}
