package dev.baton.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meta: {llm: …}} in the project file ({@code baton.yaml}, docs/meta-agent.md). */
class ProjectMetaTest {
  @TempDir Path dir;

  static final String WORKFLOW =
      """
      name: w
      agents: { dev: { command: [true] } }
      phases:
        - name: one
          mode: sequential
          steps:
            - { id: x, agent: dev, task: t }
      """;

  Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  static Optional<AgentSpec.Llm> metaOf(Workflow wf) {
    return ((AgentSpec.Meta) wf.agents().get(AgentSpec.META).kind()).llm();
  }

  @Test
  void the_project_meta_model_serves_workflows_that_have_no_meta_of_their_own() throws Exception {
    Path project =
        write(
            "baton.yaml",
            """
            monitoring: { window: 1h }
            meta:
              llm: { provider: openai, model: judge-1, baseUrl: "http://127.0.0.1:1/v1", timeout: 20s }
            """);
    Optional<AgentSpec.Llm> llm = WorkflowLoader.projectMeta(project);
    assertThat(llm).map(AgentSpec.Llm::model).contains("judge-1");

    Workflow plain = WorkflowLoader.standard(llm).load(write("w.yaml", WORKFLOW), Optional.empty());
    assertThat(metaOf(plain)).map(AgentSpec.Llm::model).contains("judge-1");

    Workflow own =
        WorkflowLoader.standard(llm)
            .load(
                write(
                    "own.yaml", WORKFLOW + "meta: { llm: { provider: ollama, model: local-2 } }\n"),
                Optional.empty());
    assertThat(metaOf(own)).map(AgentSpec.Llm::model).contains("local-2");
  }

  @Test
  void a_project_without_meta_or_without_a_file_has_no_meta_model() throws Exception {
    assertThat(WorkflowLoader.projectMeta(dir.resolve("baton.yaml"))).isEmpty();
    assertThat(WorkflowLoader.projectMeta(write("baton.yaml", "cluster: { lease: 30s }\n")))
        .isEmpty();
    assertThat(WorkflowLoader.projectMeta(write("baton.yaml", ""))).isEmpty();
  }

  @Test
  void a_broken_meta_section_is_refused_with_positions() throws Exception {
    Path project =
        write(
            "baton.yaml",
            """
            cluster: { lease: 30s }
            meta:
              llm: { provider: openia, model: judge-1 }
              model: judge-1
            """);
    InvalidWorkflowException e =
        catchThrowableOfType(
            InvalidWorkflowException.class, () -> WorkflowLoader.projectMeta(project));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .anySatisfy(p -> assertThat(p).startsWith(project + ":3:").contains("openia"));
    assertThat(e.problems())
        .extracting(Problem::toString)
        .anySatisfy(p -> assertThat(p).startsWith(project + ":4:3:").contains("model"));
  }
}
