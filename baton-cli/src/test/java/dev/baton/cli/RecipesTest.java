package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The recipes for AI coding tools in examples/agents/ are valid agents files. */
class RecipesTest {
  @Test
  void the_coding_tools_recipes_validate() {
    var catalog =
        WorkflowLoader.standard()
            .loadAgents(Path.of("../examples/agents/coding-tools.agents.yaml"));
    assertThat(catalog.agents().keySet()).contains("claude", "codex", "aider", "gemini");
  }
}
