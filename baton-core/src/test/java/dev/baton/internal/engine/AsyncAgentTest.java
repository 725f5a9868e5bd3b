package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agent.AsyncAgent;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.RecordJournals;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.Mode;
import dev.baton.workflow.OnFailure;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RecordJournals.class)
class AsyncAgentTest {
  @TempDir Path dir;
  final InMemoryJournalStore store = new InMemoryJournalStore();

  /** An attempt that has started: the thread that started it, and the stage that will end it. */
  record Started(String step, Thread thread, CompletableFuture<Outcome> outcome) {}

  final BlockingQueue<Started> started = new LinkedBlockingQueue<>();

  final AsyncAgent waiter =
      (handoff, attempt) -> {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        attempt
            .cancellation()
            .onCancel(() -> outcome.complete(Outcome.failed(attempt.cancellation().reason())));
        started.add(new Started(attempt.step(), Thread.currentThread(), outcome));
        return outcome;
      };

  /** Agents {@code w1}, {@code w2} and {@code w3}, all this waiter (each has one slot). */
  Baton baton() {
    return Baton.builder()
        .store(store)
        .stateDir(dir)
        .agent("w1", waiter)
        .agent("w2", waiter)
        .agent("w3", waiter)
        .build();
  }

  @Test
  void waiting_attempts_hold_no_thread_and_end_when_their_stage_completes() throws Exception {
    Workflow wf =
        workflow(
            "async",
            List.of("w1", "w2", "w3"),
            phase("wait", Mode.PARALLEL, step("x", "w1"), step("y", "w2"), step("z", "w3")),
            phase("then", Mode.SEQUENTIAL, step("after", "w1")));
    try (Baton baton = baton()) {
      RunHandle run = baton.start(wf, Map.of());
      List<Started> waiting = List.of(started.take(), started.take(), started.take());
      // every thread that started an attempt ends while its attempt still waits
      for (Started s : waiting) s.thread().join();
      assertThat(run.completion()).isNotDone();

      for (Started s : waiting) s.outcome().complete(Outcome.succeeded(Map.of("by", s.step())));
      Started after = started.take();
      after.thread().join();
      after.outcome().complete(null);

      RunState end = run.await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("y").orElseThrow().output()).isEqualTo(Map.of("by", "y"));
      assertThat(end.step("after").orElseThrow().output()).isNull();
    }
  }

  @Test
  void a_stage_that_completes_exceptionally_or_a_throw_from_start_fails_the_attempt()
      throws Exception {
    AsyncAgent throwing =
        (handoff, attempt) -> {
          throw new IllegalStateException("the queue is unreachable");
        };
    Workflow wf =
        workflow(
            "async-failures",
            List.of("w", "t"),
            phase("wait", Mode.SEQUENTIAL, OnFailure.SKIP, step("x", "w"), step("y", "t")));
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .agent("w", waiter)
            .agent("t", throwing)
            .build()) {
      RunHandle run = baton.start(wf, Map.of());
      started.take().outcome().completeExceptionally(new RuntimeException("the callback said no"));
      RunState end = run.await();
      assertThat(errors(end.id()))
          .containsExactlyInAnyOrder("x: the callback said no", "y: the queue is unreachable");
    }
  }

  @Test
  void a_timeout_cancels_a_waiting_attempt_through_its_cancellation() throws Exception {
    Workflow wf =
        workflow(
            "async-timeout",
            List.of("w1"),
            phase(
                "wait",
                Mode.SEQUENTIAL,
                OnFailure.SKIP,
                step("slow", "w1", 0, Optional.of(Duration.ofMillis(50)))));
    try (Baton baton = baton()) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(
              store.read(end.id(), 0).stream()
                  .map(e -> e.event())
                  .filter(e -> e instanceof Event.StepTimedOut)
                  .count())
          .isEqualTo(1);
    }
  }

  private List<String> errors(String run) {
    return store.read(run, 0).stream()
        .map(e -> e.event())
        .filter(e -> e instanceof Event.StepFailed)
        .map(e -> ((Event.StepFailed) e).step() + ": " + ((Event.StepFailed) e).error())
        .toList();
  }
}
