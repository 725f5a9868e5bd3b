package dev.baton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.Outcome;
import dev.baton.journal.memory.InMemoryJournalStore;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.workflow.InvalidWorkflowException;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workflows from YAML text and from the classpath, validated as files are. */
class LoadingTest {
  private Baton baton(Path dir) {
    return Baton.builder()
        .store(new InMemoryJournalStore())
        .stateDir(dir)
        .agent("greeter", (handoff, attempt) -> Outcome.succeeded(Map.of("said", handoff.task())))
        .build();
  }

  @Test
  void a_workflow_from_a_string_runs_and_names_java_agents(@TempDir Path dir) {
    try (Baton baton = baton(dir)) {
      Workflow wf =
          baton.load(
              """
              name: inline
              phases:
                - name: one
                  mode: sequential
                  steps:
                    - { id: greet, agent: greeter, task: "Greet the world" }
              """);
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("greet").orElseThrow().output().toString()).contains("Greet the world");
    }
  }

  @Test
  void a_workflow_from_the_classpath_runs(@TempDir Path dir) {
    try (Baton baton = baton(dir)) {
      Workflow wf = baton.loadResource("workflows/greet.yaml");
      RunState end = baton.start(wf, Map.of("who", "Ada")).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("greet").orElseThrow().output().toString()).contains("Greet Ada");
      assertThatThrownBy(() -> baton.loadResource("workflows/nope.yaml"))
          .isInstanceOf(BatonException.class)
          .hasMessageContaining("no classpath resource workflows/nope.yaml");
    }
  }

  @Test
  void an_invalid_string_is_refused_with_positions(@TempDir Path dir) {
    try (Baton baton = baton(dir)) {
      assertThatThrownBy(() ->
              baton.load(
                  """
                  name: bad
                  phases:
                    - name: one
                      mode: sequential
                      steps:
                        - { id: greet, agent: nobody, task: x }
                  """))
          .isInstanceOf(InvalidWorkflowException.class)
          .hasMessageContaining("<string>:6:")
          .hasMessageContaining("unknown agent 'nobody'");
    }
  }
}
