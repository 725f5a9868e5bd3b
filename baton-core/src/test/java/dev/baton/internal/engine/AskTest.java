package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Agent;
import dev.baton.agent.Answer;
import dev.baton.agent.Outcome;
import dev.baton.journal.CommandKind;
import dev.baton.journal.Event;
import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.journal.TaskCause;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.Mode;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent asking a person during its attempt ({@code Reporter.ask}, docs/agent-protocols.md#a2a):
 * a blocking human task of kind input whose decision is the answer, asked once even when the
 * attempt is restarted after a crash.
 */
class AskTest {
  @TempDir Path dir;
  final InMemoryJournalStore store = new InMemoryJournalStore();

  static Agent asking() {
    return (h, a) -> {
      var question = a.reporter().ask("Which colour?");
      a.cancellation().onCancel(() -> question.cancel(false));
      Answer answer;
      try {
        answer = question.get();
      } catch (java.util.concurrent.CancellationException e) {
        return Outcome.failed("cancelled");
      }
      return answer.given()
          ? Outcome.succeeded(Map.of("colour", answer.text(), "by", answer.by()))
          : Outcome.failed(answer.text());
    };
  }

  RunCommand decide(String run, String task, String action, String note) {
    return new RunCommand(
        0, run, CommandKind.DECIDE, task, action, List.of(), "ada", note, Instant.now());
  }

  Baton baton(Agent agent) {
    return Baton.builder()
        .store(store)
        .stateDir(dir)
        .commandPoll(Duration.ofMillis(50))
        .workflow(WF)
        .agent("a", agent)
        .build();
  }

  static final Workflow WF =
      workflow(
          "ask",
          List.of("a"),
          phase("one", Mode.SEQUENTIAL, dev.baton.workflow.OnFailure.ROLLBACK_RUN, step("x", "a")));

  @Test
  void the_answer_of_a_person_completes_the_agents_question_after_a_restart_asked_only_once() {
    String id;
    try (Baton first = baton(asking())) {
      id = first.start(WF, Map.of()).id();
      Awaitility.await().until(() -> !store.openHumanTasks().isEmpty());
    }
    store.releaseLease(id, LeaseOwner.current());
    HumanTask asked = store.openHumanTasks().getFirst();
    assertThat(asked.question()).isEqualTo("Which colour?");
    try (Baton second = baton(asking())) {
      var handle = second.resume(id);
      second.submit(decide(id, asked.id(), "approve", "teal"));
      RunState end = handle.await();

      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("x").orElseThrow().output())
          .isEqualTo(Map.of("colour", "teal", "by", "ada"));
      List<Event> events = store.read(id, 0).stream().map(JournalEntry::event).toList();
      assertThat(events.stream().filter(Event.HumanTaskOpened.class::isInstance))
          .singleElement()
          .satisfies(
              e -> assertThat(((Event.HumanTaskOpened) e).cause()).isEqualTo(TaskCause.INPUT));
      assertThat(events).contains(new Event.RunResumed(asked.id(), "ada decided continue: teal"));
    }
  }

  @Test
  void a_refusal_fails_the_attempt_with_the_persons_words() {
    try (Baton baton = baton(asking())) {
      var handle = baton.start(WF, Map.of());
      Awaitility.await().until(() -> !store.openHumanTasks().isEmpty());
      baton.submit(
          decide(handle.id(), store.openHumanTasks().getFirst().id(), "reject", "no colours"));
      RunState end = handle.await();

      assertThat(end.status()).isEqualTo(RunStatus.ROLLED_BACK);
      assertThat(end.step("x").orElseThrow().error()).isEqualTo("refused by ada: no colours");
    }
  }

  @Test
  void a_question_still_open_when_its_attempt_ends_is_withdrawn() {
    Agent impatient =
        (h, a) -> {
          var unused = a.reporter().ask("Anyone?");
          return Outcome.failed("gave up waiting");
        };
    try (Baton baton = baton(impatient)) {
      RunState end = baton.start(WF, Map.of()).await();

      assertThat(end.status()).isEqualTo(RunStatus.ROLLED_BACK);
      assertThat(store.openHumanTasks()).isEmpty();
      assertThat(end.humanTasks())
          .allSatisfy(t -> assertThat(t.note()).isEqualTo("attempt 1 of step x ended"));
    }
  }
}
