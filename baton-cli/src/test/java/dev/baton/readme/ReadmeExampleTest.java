package dev.baton.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Outcome;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example, compiled and run as written there. */
class ReadmeExampleTest {
  private static final Path SELF = Path.of("src/test/java/dev/baton/readme/ReadmeExampleTest.java");

  @TempDir Path dir;

  @Test
  void the_readme_java_example_builds_a_workflow_and_runs_an_in_process_agent_durably() {
    Path db = dir.resolve("baton.db");

    // --- README example start
    Workflow review =
        Workflow.builder("review")
            .description("Review a pull request")
            .requiredInput("pr", "the pull request to review")
            .agent(AgentSpec.inProcess("reviewer")) // implemented in Java, registered below
            .phase(
                Phase.sequential("check")
                    .step("read", "reviewer", "Review pull request {{inputs.pr}}")
                    .step(
                        StepSpec.builder("summary")
                            .agent("reviewer")
                            .task("Summarise {{steps.read.output}}")
                            .timeout(Duration.ofMinutes(5))
                            .retries(2)))
            .build(); // checked as a workflow file is
    try (JournalStore store = Stores.sqlite(db);
        Baton baton =
            Baton.builder()
                .store(store)
                .workflow(review) // a restarted Baton resumes its runs
                .agent(
                    "reviewer",
                    (handoff, attempt) -> {
                      attempt.reporter().progress(50, "reading " + handoff.task());
                      return Outcome.succeeded(Map.of("verdict", "approve"));
                    })
                .build()) {
      RunState end = baton.start(review, Map.of("pr", "42")).await();
      System.out.println(end.status() + " " + end.step("read").orElseThrow().output());
      // --- README example end
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("read").orElseThrow().output()).isEqualTo(Map.of("verdict", "approve"));
      assertThat(end.step("summary").orElseThrow().status()).hasToString("SUCCEEDED");
      assertThat(store.read(end.id(), 0))
          .extracting(e -> e.event().type())
          .contains("StatusReported", "HandoffSent");
    }
  }

  @Test
  void the_readme_shows_the_code_this_test_runs() throws Exception {
    String self = Files.readString(SELF);
    String example =
        self.substring(
            self.indexOf("// --- README example start") + "// --- README example start".length(),
            self.indexOf("      // --- README example end"));
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(words(readme).contains(words(example)))
        .as("README.md shows the example as this test runs it:%n%s", example)
        .isTrue();
  }

  /** The code without its layout: google-java-format indents the test deeper than the README. */
  private static String words(String code) {
    return code.replaceAll("\\s+", "");
  }

  @Test
  void a_workflow_file_is_loaded_and_run_the_same_way() throws Exception {
    Path workflowFile = dir.resolve("review.yaml");
    Files.copy(Path.of(getClass().getResource("/readme/review.yaml").toURI()), workflowFile);
    try (JournalStore store = Stores.open(dir.resolve("file.db").toString());
        Baton baton =
            Baton.builder()
                .store(store)
                .agent("reviewer", (handoff, attempt) -> Outcome.succeeded(Map.of("ok", true)))
                .build()) {
      Workflow review = baton.load(workflowFile);
      RunState end = baton.start(review, Map.of("pr", "42")).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
    }
  }
}
