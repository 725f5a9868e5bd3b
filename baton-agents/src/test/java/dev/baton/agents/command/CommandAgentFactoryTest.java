package dev.baton.agents.command;

import static dev.baton.agents.command.Scripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.test.TestAttempt;
import dev.baton.workflow.AgentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandAgentFactoryTest {
  @TempDir Path dir;

  private static AgentSpec spec(AgentSpec.Kind kind) {
    return new AgentSpec("builder", "Builder", List.of("build"), List.of(), 1, kind);
  }

  @Test
  void makes_agents_only_for_command_definitions() {
    CommandAgentFactory factory = new CommandAgentFactory(dir);

    assertThat(
            factory.create(
                spec(new AgentSpec.Command(List.of("true"), Optional.empty(), Map.of()))))
        .isPresent();
    assertThat(factory.create(spec(new AgentSpec.Human()))).isEmpty();
    assertThat(factory.create(spec(new AgentSpec.Http("https://agents.example", Optional.empty()))))
        .isEmpty();
  }

  @Test
  void a_relative_workdir_and_program_are_taken_from_the_base_folder() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo/agents")).getParent();
    script(repo.resolve("agents"), "where.sh", "pwd -P; echo \"$LOG_LEVEL\"");
    AgentSpec.Command command =
        new AgentSpec.Command(
            List.of("./agents/where.sh"), Optional.of("repo"), Map.of("LOG_LEVEL", "info"));

    Agent agent = new CommandAgentFactory(dir).create(spec(command)).orElseThrow();

    assertThat(agent.perform(TestAttempt.handoff("t"), TestAttempt.in(dir)))
        .isEqualTo(Outcome.succeeded(dir.resolve("repo").toRealPath() + "\ninfo"));
  }

  @Test
  void without_a_workdir_the_program_runs_in_the_base_folder() throws Exception {
    script(dir, "here.sh", "pwd -P");
    Agent agent =
        new CommandAgentFactory(dir)
            .create(spec(new AgentSpec.Command(List.of("./here.sh"), Optional.empty(), Map.of())))
            .orElseThrow();

    assertThat(agent.perform(TestAttempt.handoff("t"), TestAttempt.in(dir)))
        .isEqualTo(Outcome.succeeded(dir.toRealPath().toString()));
  }
}
