package dev.baton.internal.engine;

import static dev.baton.internal.engine.ConflictsTest.inProcess;
import static dev.baton.internal.engine.ConflictsTest.routed;
import static dev.baton.internal.engine.ConflictsTest.withAgents;
import static dev.baton.internal.engine.TestWorkflows.phase;
import static dev.baton.internal.engine.TestWorkflows.step;
import static dev.baton.internal.engine.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Agent;
import dev.baton.agent.Handoff;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.RecordJournals;
import dev.baton.run.RunStatus;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.tuning.Tuning;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Mode;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** New runs take the tuned estimates and routing of the configuration they start with. */
@ExtendWith(RecordJournals.class)
class TuningTest {
  @TempDir Path dir;
  final InMemoryJournalStore store = new InMemoryJournalStore();
  final Map<String, Handoff> handoffs = new ConcurrentHashMap<>();

  Agent recording() {
    return (handoff, attempt) -> {
      handoffs.put(attempt.step(), handoff);
      return null;
    };
  }

  Workflow tunedWorkflow() {
    StepSpec build = step("build", "a");
    build =
        new StepSpec(
            build.id(),
            build.agent(),
            build.requires(),
            build.task(),
            Optional.of(Duration.ofMinutes(10)),
            build.timeout(),
            build.retries(),
            build.retryDelay(),
            build.when(),
            build.success(),
            build.rollback(),
            build.resources(),
            false,
            false,
            List.of());
    Workflow wf =
        workflow("tuned", List.of("a"), phase("p", Mode.SEQUENTIAL, build, routed("route", "x")));
    return withAgents(
        wf, List.of(inProcess("b", 1, "x"), inProcess("c", 1, "x")), List.of(), "normal");
  }

  Baton baton(Tuning tuning) {
    Baton.Builder b = Baton.builder().store(store).stateDir(dir).tuning(wf -> tuning);
    for (String name : List.of("a", "b", "c"))
      b.agent(
          new AgentSpec(
              name,
              name,
              name.equals("a") ? List.of("a") : List.of("x"),
              List.of(),
              1,
              new AgentSpec.InProcess()),
          recording());
    return b.build();
  }

  @Test
  void runs_take_the_tuned_estimate_and_routing_preference_and_record_the_version() {
    Tuning tuning =
        new Tuning(
            3,
            Map.of("build", Duration.ofMinutes(2)),
            Map.of(),
            Map.of(),
            Map.of("route", List.of("c", "b")));
    try (Baton baton = baton(tuning)) {
      var end = baton.start(tunedWorkflow(), Map.of(), Optional.of("t1")).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.tuning().version()).isEqualTo(3);
    }
    List<Event> events = store.read("t1", 0).stream().map(JournalEntry::event).toList();
    assertThat(events.get(1)).isInstanceOf(Event.ConfigurationApplied.class);
    assertThat(((Event.ConfigurationApplied) events.get(1)).version()).isEqualTo(3);
    assertThat(handoffs.get("build").estimatedTime()).isEqualTo(2);
    assertThat(events)
        .filteredOn(e -> e instanceof Event.StepStarted s && s.step().equals("route"))
        .extracting(e -> ((Event.StepStarted) e).agent())
        .containsExactly("c");
  }

  @Test
  void a_tuned_retries_override_replaces_the_written_retries() {
    Workflow wf =
        workflow(
            "retried",
            List.of("a"),
            TestWorkflows.phase(
                "p",
                Mode.SEQUENTIAL,
                dev.baton.workflow.OnFailure.SKIP,
                step("flaky", "a", 2, Optional.empty())));
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    Agent failing =
        (handoff, attempt) -> {
          attempts.merge(attempt.step(), 1, Integer::sum);
          throw new IllegalStateException("always fails");
        };
    Tuning tuning = new Tuning(4, Map.of(), Map.of(), Map.of(), Map.of(), Map.of("flaky", 0));
    for (Tuning t : List.of(Tuning.NONE, tuning)) {
      attempts.clear();
      try (Baton baton =
          Baton.builder()
              .store(store)
              .stateDir(dir)
              .tuning(w -> t)
              .agent(
                  new AgentSpec("a", "a", List.of("a"), List.of(), 1, new AgentSpec.InProcess()),
                  failing)
              .build()) {
        baton.start(wf, Map.of(), Optional.of("r" + t.version())).await();
      }
      // written: one attempt and two retries; tuned: the one attempt
      assertThat(attempts.get("flaky")).isEqualTo(t.version() == 0 ? 3 : 1);
    }
    List<Event> events = store.read("r4", 0).stream().map(JournalEntry::event).toList();
    assertThat(((Event.ConfigurationApplied) events.get(1)).retries()).containsEntry("flaky", 0);
    assertThat(events).noneMatch(e -> e instanceof Event.StepRetrying);
  }

  @Test
  void without_tuning_the_workflow_runs_as_written() {
    try (Baton baton = baton(Tuning.NONE)) {
      var end = baton.start(tunedWorkflow(), Map.of(), Optional.of("t2")).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
    List<Event> events = store.read("t2", 0).stream().map(JournalEntry::event).toList();
    assertThat(events).noneMatch(e -> e instanceof Event.ConfigurationApplied);
    assertThat(handoffs.get("build").estimatedTime()).isEqualTo(10);
    assertThat(events)
        .filteredOn(e -> e instanceof Event.StepStarted s && s.step().equals("route"))
        .extracting(e -> ((Event.StepStarted) e).agent())
        .containsExactly("b");
  }
}
