package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.Baton;
import dev.baton.RequestRefusedException;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.InvalidWorkflowException;
import dev.baton.workflow.Mode;
import dev.baton.workflow.Problem;
import dev.baton.workflow.Workflow;
import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that would only fail later, or never end, are refused at once. */
class LimitsTest {
  @TempDir Path dir;

  @Test
  void a_run_id_too_long_for_a_file_name_is_refused_before_anything_runs() {
    InMemoryJournalStore store = new InMemoryJournalStore();
    Workflow wf = workflow("w", List.of("a"), phase("p", Mode.SEQUENTIAL, step("s", "a")));
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .agent("a", (h, a) -> Outcome.succeeded("ok"))
            .build()) {
      assertThatThrownBy(() -> baton.start(wf, Map.of(), Optional.of("x".repeat(300))))
          .isInstanceOf(RequestRefusedException.class)
          .hasMessageContaining("at most 100");
    }
    assertThat(store.runs()).isEmpty();
  }

  @Test
  void a_file_that_is_not_a_regular_file_is_not_read() {
    assertThatThrownBy(() -> WorkflowLoader.standard().load(Path.of("/dev/zero"), Optional.empty()))
        .isInstanceOfSatisfying(
            InvalidWorkflowException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::toString)
                    .anySatisfy(p -> assertThat(p).contains("not a regular file")));
  }

  @Test
  void a_review_of_an_unknown_step_is_a_warning_not_feedback() {
    InMemoryJournalStore store = new InMemoryJournalStore();
    Workflow wf =
        workflow("w", List.of("a"), phase("p", Mode.SEQUENTIAL, step("s1", "a"), step("s2", "a")));
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .agent(
                "a",
                (h, attempt) -> {
                  if (attempt.step().equals("s2")) {
                    attempt.reporter().review("s1", 7);
                    attempt.reporter().review("no-such-step", 3);
                  }
                  return Outcome.succeeded("ok");
                })
            .build()) {
      RunState end = baton.start(wf, Map.of()).await();

      List<Event> events = store.read(end.id(), 0).stream().map(JournalEntry::event).toList();
      assertThat(events)
          .filteredOn(Event.FeedbackRecorded.class::isInstance)
          .extracting(e -> ((Event.FeedbackRecorded) e).step())
          .containsExactly("s1");
      assertThat(events)
          .filteredOn(Event.ProtocolWarning.class::isInstance)
          .map(Event.ProtocolWarning.class::cast)
          .singleElement()
          .satisfies(w -> {
            assertThat(w.reason()).contains("unknown step 'no-such-step'");
            assertThat(w.line()).contains("\"no-such-step\"");
          });
    }
  }
}
