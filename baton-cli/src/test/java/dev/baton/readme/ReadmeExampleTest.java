package dev.baton.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Outcome;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java example, compiled and run as written there. */
class ReadmeExampleTest {
  @TempDir Path dir;

  @Test
  void the_readme_java_example_runs_an_in_process_agent_durably() throws Exception {
    Path workflowFile = dir.resolve("review.yaml");
    Files.copy(Path.of(getClass().getResource("/readme/review.yaml").toURI()), workflowFile);
    String db = dir.resolve("baton.db").toString();

    // --- README example start
    try (JournalStore store = Stores.open(db);
        Baton baton =
            Baton.builder()
                .store(store)
                .agent(
                    "reviewer",
                    (handoff, attempt) -> {
                      attempt.reporter().progress(50, "reading " + handoff.task());
                      return Outcome.succeeded(Map.of("verdict", "approve"));
                    })
                .build()) {
      Workflow review = baton.load(workflowFile);
      RunState end = baton.start(review, Map.of("pr", "42")).await();
      System.out.println(end.status() + " " + end.step("read").orElseThrow().output());
      // --- README example end
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("read").orElseThrow().output()).isEqualTo(Map.of("verdict", "approve"));
      assertThat(store.read(end.id(), 0))
          .extracting(e -> e.event().type())
          .contains("StatusReported", "HandoffSent");
    }
  }
}
