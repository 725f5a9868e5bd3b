package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.journal.CommandKind;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.RecordJournals;
import dev.baton.journal.RunCommand;
import dev.baton.run.*;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.*;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.*;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row of the run and step lifecycle tables is exercised by a real engine scenario, and the
 * docs' diagram is generated from the same tables.
 */
@ExtendWith(RecordJournals.class)
class LifecycleTest {
  /** The (from, event, to) rows this test's runs went through. */
  private final Set<String> seen = Collections.synchronizedSet(new HashSet<>());

  @TempDir Path dir;
  final InMemoryJournalStore store = new InMemoryJournalStore();

  // the rows of the lifecycle tables each case goes through (asserted by the case itself)
  static final List<String> SUCCEEDS_RETRIES_SKIPS_AND_QUEUES =
      List.of(
          "run PENDING RunStarted RUNNING",
          "run RUNNING RunSucceeded SUCCEEDED",
          "step FAILED StepRetrying PENDING",
          "step PENDING StepQueued QUEUED",
          "step PENDING StepSkipped SKIPPED",
          "step PENDING StepStarted RUNNING",
          "step QUEUED StepStarted RUNNING",
          "step RUNNING StepFailed FAILED",
          "step RUNNING StepSucceeded SUCCEEDED",
          "step RUNNING StepTimedOut TIMED_OUT",
          "step TIMED_OUT StepRetrying PENDING");
  static final List<String> A_FAILED_GATE_CANCELS_RUNNING_AND_QUEUED_STEPS_AND_ROLLS_THE_RUN_BACK =
      List.of(
          "run RUNNING RunRolledBack ROLLED_BACK",
          "step QUEUED StepCancelled CANCELLED",
          "step RUNNING StepCancelled CANCELLED",
          "step RUNNING StepFailed FAILED",
          "step SUCCEEDED StepCompensated COMPENSATED");
  static final List<String> SKIP_COMPENSATES_THE_FAILED_STEP_AND_COUNTS_IT_SKIPPED =
      List.of(
          "step FAILED StepCompensated FAILED",
          "step FAILED StepSkipped SKIPPED",
          "step RUNNING StepTimedOut TIMED_OUT",
          "step TIMED_OUT StepCompensated TIMED_OUT",
          "step TIMED_OUT StepSkipped SKIPPED");
  static final List<String> A_PLAN_THAT_CANNOT_BE_MADE_FAILS_THE_RUN =
      List.of("run PENDING RunStarted RUNNING", "run RUNNING RunFailed FAILED");
  static final List<String> PEOPLE_PUT_RUNS_ON_HOLD_RESUME_THEM_AND_CANCEL_THEM =
      List.of(
          "run RUNNING RunWaiting WAITING",
          "run WAITING RunCancelled CANCELLED",
          "run WAITING RunResumed RUNNING",
          "run RUNNING RunSucceeded SUCCEEDED");
  static final List<String> A_STEP_FAILING_WHILE_THE_RUN_WAITS_ROLLS_IT_BACK =
      List.of(
          "run RUNNING RunWaiting WAITING",
          "run WAITING RunRolledBack ROLLED_BACK",
          "step RUNNING StepFailed FAILED");
  static final List<String> A_CANCEL_STOPS_A_NORMAL_RUN =
      List.of("run RUNNING RunCancelled CANCELLED", "step RUNNING StepCancelled CANCELLED");
  static final List<String> A_QUEUED_STEP_IS_QUEUED_AGAIN_AFTER_A_RESTART =
      List.of(
          "step PENDING StepQueued QUEUED",
          "step QUEUED StepQueued QUEUED",
          "step QUEUED StepStarted RUNNING",
          "step RUNNING StepSucceeded SUCCEEDED");

  static Agent ok() {
    return (h, a) -> Outcome.succeeded("done " + a.step());
  }

  static Agent waitForCancel() {
    return (h, a) ->
        a.cancellation().await(20_000) ? Outcome.failed("stopped") : Outcome.succeeded(null);
  }

  Baton baton(Map<String, Agent> agents) {
    Baton.Builder b = Baton.builder().store(store).stateDir(dir);
    agents.forEach(b::agent);
    return b.build();
  }

  RunState run(Workflow wf, Map<String, Agent> agents) {
    try (Baton baton = baton(agents)) {
      RunState end = baton.start(wf, Map.of()).await();
      record(end.id());
      return end;
    }
  }

  /** Replays the run's journal and notes each (from, event, to) it goes through. */
  void record(String run) {
    List<JournalEntry> entries = store.read(run, 0);
    List<String> phases = new ArrayList<>();
    for (JournalEntry e : entries)
      if (e.event() instanceof Event.PhaseStarted p && !phases.contains(p.phase()))
        phases.add(p.phase());
    RunState s = new RunState(run, phases);
    for (JournalEntry e : entries) {
      RunStatus before = s.status();
      String step = stepOf(e.event());
      StepStatus stepBefore =
          step == null ? null : s.step(step).map(StepState::status).orElse(null);
      s.apply(e);
      if (RunLifecycle.governs(e.event().getClass()))
        seen.add("run " + before + " " + e.event().type() + " " + s.status());
      if (stepBefore != null) {
        StepStatus after = s.step(step).orElseThrow().status();
        if (StepLifecycle.next(stepBefore, e.event().getClass()).isPresent())
          seen.add("step " + stepBefore + " " + e.event().type() + " " + after);
      }
    }
  }

  static String stepOf(Event e) {
    return switch (e) {
      case Event.StepQueued x -> x.step();
      case Event.StepStarted x -> x.step();
      case Event.StepSucceeded x -> x.step();
      case Event.StepFailed x -> x.step();
      case Event.StepTimedOut x -> x.step();
      case Event.StepSkipped x -> x.step();
      case Event.StepCancelled x -> x.step();
      case Event.StepPreempted x -> x.step();
      case Event.StepRetrying x -> x.step();
      case Event.StepCompensated x -> x.step();
      default -> null;
    };
  }

  static StepSpec withRollback(StepSpec s) {
    return new StepSpec(
        s.id(),
        s.agent(),
        s.requires(),
        s.task(),
        s.estimate(),
        s.timeout(),
        s.retries(),
        s.retryDelay(),
        s.when(),
        s.success(),
        Optional.of(new Rollback.SameAgent(Template.literal("undo " + s.id()))),
        s.resources(),
        s.assignsPrimary(),
        false,
        List.of());
  }

  static StepSpec when(StepSpec s, boolean value) {
    return new StepSpec(
        s.id(),
        s.agent(),
        s.requires(),
        s.task(),
        s.estimate(),
        s.timeout(),
        s.retries(),
        s.retryDelay(),
        Optional.of(Expression.constant(value)),
        s.success(),
        s.rollback(),
        s.resources(),
        s.assignsPrimary(),
        false,
        List.of());
  }

  @Test
  void succeeds_retries_skips_and_queues() {
    AtomicInteger calls = new AtomicInteger();
    Agent flaky =
        (h, a) -> calls.incrementAndGet() == 1 ? Outcome.failed("flake") : Outcome.succeeded("ok");
    AtomicInteger slow = new AtomicInteger();
    Agent timesOutOnce =
        (h, a) ->
            slow.incrementAndGet() == 1 && a.cancellation().await(20_000)
                ? Outcome.failed("stopped")
                : Outcome.succeeded("ok");
    Workflow wf =
        workflow(
            "paths",
            List.of("a", "b", "c"),
            phase(
                "one", Mode.PARALLEL, step("x", "a"), step("y", "a"), when(step("z", "b"), false)),
            phase(
                "two",
                Mode.SEQUENTIAL,
                step("r", "b", 1, Optional.empty()),
                step("t", "c", 1, Optional.of(Duration.ofMillis(100)))));
    assertThat(run(wf, Map.of("a", ok(), "b", flaky, "c", timesOutOnce)).status())
        .isEqualTo(RunStatus.SUCCEEDED);
    assertThat(seen)
        .as("lifecycle rows this case goes through")
        .containsAll(SUCCEEDS_RETRIES_SKIPS_AND_QUEUES);
  }

  @Test
  void a_failed_gate_cancels_running_and_queued_steps_and_rolls_the_run_back() {
    Agent bad = (h, a) -> Outcome.failed("boom");
    Workflow wf =
        workflow(
            "gate",
            List.of("a", "b"),
            phase("one", Mode.SEQUENTIAL, withRollback(step("w", "b"))),
            phase(
                "two",
                Mode.PARALLEL,
                OnFailure.ROLLBACK_RUN,
                step("x", "a"),
                step("y", "a"),
                step("z", "b")));
    Map<String, Agent> agents =
        Map.of(
            "a",
            waitForCancel(),
            "b",
            (h, a) -> a.step().equals("z") ? bad.perform(h, a) : Outcome.succeeded("w"));
    assertThat(run(wf, agents).status()).isEqualTo(RunStatus.ROLLED_BACK);
    assertThat(seen)
        .as("lifecycle rows this case goes through")
        .containsAll(A_FAILED_GATE_CANCELS_RUNNING_AND_QUEUED_STEPS_AND_ROLLS_THE_RUN_BACK);
  }

  @Test
  void skip_compensates_the_failed_step_and_counts_it_skipped() {
    Workflow wf =
        workflow(
            "skip",
            List.of("a", "b"),
            phase(
                "one",
                Mode.SEQUENTIAL,
                OnFailure.SKIP,
                withRollback(step("x", "a")),
                withRollback(step("y", "b", 0, Optional.of(Duration.ofMillis(100))))));
    RunState end =
        run(
            wf,
            Map.of(
                "a",
                (h, a) -> a.compensating() ? Outcome.succeeded("undone") : Outcome.failed("no"),
                "b",
                (h, a) ->
                    a.compensating()
                        ? Outcome.succeeded("undone")
                        : waitForCancel().perform(h, a)));
    assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(end.step("x").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(seen)
        .as("lifecycle rows this case goes through")
        .containsAll(SKIP_COMPENSATES_THE_FAILED_STEP_AND_COUNTS_IT_SKIPPED);
  }

  @Test
  void a_plan_that_cannot_be_made_fails_the_run() {
    Phase broken =
        new Phase(
            "loop",
            Mode.PARALLEL,
            List.of(step("x", "a")),
            Optional.empty(),
            OnFailure.ROLLBACK_RUN,
            2,
            false,
            Optional.of(Expression.constant("not a list")),
            Optional.empty(),
            false,
            1.5);
    assertThat(run(workflow("broken", List.of("a"), broken), Map.of("a", ok())).status())
        .isEqualTo(RunStatus.FAILED);
    assertThat(seen)
        .as("lifecycle rows this case goes through")
        .containsAll(A_PLAN_THAT_CANNOT_BE_MADE_FAILS_THE_RUN);
  }

  @Test
  void people_put_runs_on_hold_resume_them_and_cancel_them() {
    EscalationRule always =
        new EscalationRule(
            0, Expression.constant(true), new EscalationRule.Action.Human(), "look at this");
    Workflow base = workflow("held", List.of("a"), phase("one", Mode.SEQUENTIAL, step("x", "a")));
    Workflow held = with(base, List.of(always));
    try (Baton baton = baton(Map.of("a", ok()))) {
      RunHandle h = baton.start(held, Map.of());
      Awaitility.await().until(() -> store.openHumanTasks().size() == 1);
      baton.submit(decide(h.id(), h.id() + "-h1", "continue"));
      assertThat(h.await().status()).isEqualTo(RunStatus.SUCCEEDED);
      record(h.id());
      RunHandle aborted = baton.start(held, Map.of());
      Awaitility.await().until(() -> store.openHumanTasks().size() == 1);
      baton.submit(decide(aborted.id(), aborted.id() + "-h1", "abort"));
      assertThat(aborted.await().status()).isEqualTo(RunStatus.CANCELLED);
      record(aborted.id());
    }
    assertThat(seen)
        .as("lifecycle rows this case goes through")
        .containsAll(PEOPLE_PUT_RUNS_ON_HOLD_RESUME_THEM_AND_CANCEL_THEM);
  }

  @Test
  void a_step_failing_while_the_run_waits_rolls_it_back() {
    Expression held =
        new Expression() {
          @Override
          public String source() {
            return "'hold' in findings";
          }

          @Override
          public Object evaluate(Map<String, Object> vars) {
            return ((List<?>) vars.get("findings")).contains("hold");
          }
        };
    EscalationRule onFinding =
        new EscalationRule(0, held, new EscalationRule.Action.Human(), "hold");
    CountDownLatch waiting = new CountDownLatch(1);
    Agent failsLater =
        (h, a) -> {
          a.reporter().finding(List.of("hold"), "wait for me");
          waiting.await();
          return Outcome.failed("late failure");
        };
    Workflow wf =
        with(
            workflow(
                "late",
                List.of("a"),
                phase("one", Mode.SEQUENTIAL, OnFailure.ROLLBACK_RUN, step("x", "a"))),
            List.of(onFinding));
    try (Baton baton = baton(Map.of("a", failsLater))) {
      RunHandle h = baton.start(wf, Map.of());
      Awaitility.await()
          .until(() ->
              store.read(h.id(), 0).stream().anyMatch(e -> e.event() instanceof Event.RunWaiting));
      waiting.countDown();
      assertThat(h.await().status()).isEqualTo(RunStatus.ROLLED_BACK);
      record(h.id());
    }
    assertThat(seen)
        .as("lifecycle rows this case goes through")
        .containsAll(A_STEP_FAILING_WHILE_THE_RUN_WAITS_ROLLS_IT_BACK);
  }

  @Test
  void a_cancel_stops_a_normal_run() {
    Workflow wf = workflow("cancel", List.of("a"), phase("one", Mode.SEQUENTIAL, step("x", "a")));
    try (Baton baton = baton(Map.of("a", waitForCancel()))) {
      RunHandle h = baton.start(wf, Map.of());
      Awaitility.await()
          .until(() ->
              store.read(h.id(), 0).stream().anyMatch(e -> e.event() instanceof Event.StepStarted));
      var unused =
          baton.submit(
              new RunCommand(
                  1,
                  h.id(),
                  CommandKind.CANCEL,
                  null,
                  "cancel",
                  List.of(),
                  "tester",
                  "",
                  Instant.now()));
      assertThat(h.await().status()).isEqualTo(RunStatus.CANCELLED);
      record(h.id());
    }
    assertThat(seen)
        .as("lifecycle rows this case goes through")
        .containsAll(A_CANCEL_STOPS_A_NORMAL_RUN);
  }

  @Test
  void a_queued_step_is_queued_again_after_a_restart() {
    Workflow wf =
        workflow(
            "requeue", List.of("a"), phase("one", Mode.PARALLEL, step("x", "a"), step("y", "a")));
    String id;
    try (Baton first =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .workflow(wf)
            .agent("a", waitForCancel())
            .build()) {
      id = first.start(wf, Map.of()).id();
      Awaitility.await()
          .until(() ->
              store.read(id, 0).stream().anyMatch(e -> e.event() instanceof Event.StepQueued));
    }
    // the restarted attempt holds the agent's one slot until the queued step has met it: else its
    // result may reach the run before the run decides about the queued step, which then starts at
    // once
    CountDownLatch requeued = new CountDownLatch(1);
    Agent holdsX =
        (h, a) -> {
          if (a.step().equals("x")) requeued.await(60, java.util.concurrent.TimeUnit.SECONDS);
          return Outcome.succeeded("done " + a.step());
        };
    try (Baton second =
        Baton.builder().store(store).stateDir(dir).workflow(wf).agent("a", holdsX).build()) {
      RunHandle resumed = second.resume(id);
      Awaitility.await()
          .until(() ->
              store.read(id, 0).stream()
                      .filter(e -> e.event() instanceof Event.StepQueued q && q.step().equals("y"))
                      .count()
                  >= 2);
      requeued.countDown();
      assertThat(resumed.await().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
    record(id);
    assertThat(seen)
        .as("lifecycle rows this case goes through")
        .containsAll(A_QUEUED_STEP_IS_QUEUED_AGAIN_AFTER_A_RESTART);
  }

  static RunCommand decide(String run, String task, String action) {
    return new RunCommand(
        1, run, CommandKind.DECIDE, task, action, List.of(), "tester", "", Instant.now());
  }

  static Workflow with(Workflow w, List<EscalationRule> rules) {
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
        rules,
        w.phases(),
        w.sources());
  }

  /** Rows no case of this suite can reach: preemption is exercised across processes elsewhere. */
  static final List<String> ELSEWHERE = List.of("step RUNNING StepPreempted QUEUED");

  @Test
  void the_cases_together_go_through_every_row_of_both_tables() {
    List<String> rows = new ArrayList<>();
    RunLifecycle.TABLE.forEach(
        t -> rows.add("run " + t.from() + " " + t.event().getSimpleName() + " " + t.to()));
    StepLifecycle.TABLE.forEach(
        t -> rows.add("step " + t.from() + " " + t.event().getSimpleName() + " " + t.to()));
    Set<String> claimed = new HashSet<>(ELSEWHERE);
    for (List<String> c :
        List.of(
            SUCCEEDS_RETRIES_SKIPS_AND_QUEUES,
            A_FAILED_GATE_CANCELS_RUNNING_AND_QUEUED_STEPS_AND_ROLLS_THE_RUN_BACK,
            SKIP_COMPENSATES_THE_FAILED_STEP_AND_COUNTS_IT_SKIPPED,
            A_PLAN_THAT_CANNOT_BE_MADE_FAILS_THE_RUN,
            PEOPLE_PUT_RUNS_ON_HOLD_RESUME_THEM_AND_CANCEL_THEM,
            A_STEP_FAILING_WHILE_THE_RUN_WAITS_ROLLS_IT_BACK,
            A_CANCEL_STOPS_A_NORMAL_RUN,
            A_QUEUED_STEP_IS_QUEUED_AGAIN_AFTER_A_RESTART)) claimed.addAll(c);
    assertThat(claimed).as("rows the cases assert").containsAll(rows);
    assertThat(rows).as("rows the tables have").containsAll(claimed);
  }

  @Test
  void the_docs_diagram_is_generated_from_the_tables() throws Exception {
    Path page =
        Path.of(System.getProperty("user.dir")).resolve("../docs/state-machines.md").normalize();
    if (Boolean.getBoolean("baton.writeDocs")) Files.writeString(page, Diagrams.page());
    assertThat(Files.readString(page)).isEqualTo(Diagrams.page());
  }
}
