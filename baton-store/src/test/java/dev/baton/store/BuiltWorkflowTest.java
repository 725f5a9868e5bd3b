package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workflow made with the Java builder, run on SQLite and resumed by another Baton. */
class BuiltWorkflowTest {
  @TempDir Path dir;

  static Workflow review() {
    return Workflow.builder("review")
        .description("Review a pull request")
        .requiredInput("pr", "the pull request")
        .agent(AgentSpec.inProcess("reviewer"))
        .agent(AgentSpec.inProcess("tester"))
        .phase(Phase.sequential("check").step("lint", "reviewer", "Lint {{inputs.pr}}"))
        .phase(
            Phase.parallel("verify")
                .step(
                    StepSpec.builder("test")
                        .agent("tester")
                        .task("Test {{inputs.pr}}, lint said {{steps.lint.output}}")
                        .timeout(Duration.ofMinutes(5))
                        .retries(1))
                .step(
                    StepSpec.builder("docs")
                        .agent("reviewer")
                        .task("Docs of {{inputs.pr}}")
                        .when("inputs.pr != 'skip-docs'")))
        .build();
  }

  @Test
  void a_built_workflow_runs_on_sqlite_and_resumes_in_a_new_baton() {
    Workflow wf = review();
    Agent reviewer = (h, a) -> Outcome.succeeded("ok: " + h.task());
    Agent stuck =
        (h, a) ->
            a.cancellation().await(20_000) ? Outcome.failed("stopped") : Outcome.succeeded(null);
    String id;
    try (JournalStore store = Stores.sqlite(dir.resolve("baton.db"));
        Baton first =
            Baton.builder()
                .store(store)
                .stateDir(dir)
                .workflow(wf)
                .agent("reviewer", reviewer)
                .agent("tester", stuck)
                .build()) {
      id = first.start(wf, Map.of("pr", "42")).id();
      Awaitility.await()
          .until(() ->
              store.read(id, 0).stream()
                  .anyMatch(
                      e -> e.event() instanceof Event.StepStarted s && s.step().equals("test")));
    }
    try (JournalStore store = Stores.sqlite(dir.resolve("baton.db"));
        Baton second =
            Baton.builder()
                .store(store)
                .stateDir(dir)
                .workflow(review())
                .agent("reviewer", reviewer)
                .agent("tester", (h, a) -> Outcome.succeeded("tested: " + h.task()))
                .build()) {
      RunState end = second.resume(id).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("lint").orElseThrow().output()).isEqualTo("ok: Lint 42");
      assertThat(end.step("test").orElseThrow().output())
          .isEqualTo("tested: Test 42, lint said ok: Lint 42");
      assertThat(end.step("docs").orElseThrow().output()).isEqualTo("ok: Docs of 42");
      assertThat(store.read(id, 0))
          .filteredOn(e -> e.event() instanceof Event.StepSucceeded s && s.step().equals("lint"))
          .as("a step done before the restart is not done again")
          .hasSize(1);
    }
  }

  @Test
  void the_capacity_an_agent_is_registered_with_holds_for_a_built_workflow() {
    Workflow wf =
        Workflow.builder("pair")
            .agent(AgentSpec.inProcess("reviewer"))
            .phase(
                Phase.parallel("both")
                    .step("left", "reviewer", "left")
                    .step("right", "reviewer", "right"))
            .build();
    CountDownLatch together = new CountDownLatch(2);
    Agent meetsTheOther =
        (h, a) -> {
          together.countDown();
          // with one slot the other step never starts: the attempt gives up and fails
          return together.await(30, TimeUnit.SECONDS)
              ? Outcome.succeeded(h.task())
              : Outcome.failed("ran alone");
        };
    try (JournalStore store = Stores.sqlite(dir.resolve("pair.db"));
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(dir)
                .agent(
                    new AgentSpec(
                        "reviewer", "Reviewer", List.of(), List.of(), 2, new AgentSpec.InProcess()),
                    meetsTheOther)
                .build()) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(store.read(end.id(), 0))
          .as("both steps ran at once, neither alone")
          .noneMatch(e -> e.event() instanceof Event.StepFailed);
    }
  }
}
