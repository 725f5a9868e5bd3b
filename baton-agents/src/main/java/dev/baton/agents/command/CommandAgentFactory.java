package dev.baton.agents.command;

import dev.baton.agent.Agent;
import dev.baton.agent.AgentFactory;
import dev.baton.workflow.AgentSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes {@link CommandAgent}s from {@code command:} definitions of the agents file
 * (docs/workflow-language.md#agents-file). A relative {@code workdir} is taken from {@code
 * baseDir}, typically the folder of the workflow or agents file; without one the program runs in
 * {@code baseDir}.
 */
public final class CommandAgentFactory implements AgentFactory {
  private final Path baseDir;
  private final Duration killGrace;
  private final AttemptChannels channels;

  /** Agents that get {@link CommandAgent#DEFAULT_KILL_GRACE} between TERM and KILL. */
  public CommandAgentFactory(Path baseDir) {
    this(baseDir, CommandAgent.DEFAULT_KILL_GRACE);
  }

  public CommandAgentFactory(Path baseDir, Duration killGrace) {
    this(baseDir, killGrace, AttemptChannels.NONE);
  }

  private CommandAgentFactory(Path baseDir, Duration killGrace, AttemptChannels channels) {
    this.channels = Objects.requireNonNull(channels, "channels");
    this.baseDir = Objects.requireNonNull(baseDir, "baseDir").toAbsolutePath();
    if (killGrace.isNegative())
      throw new IllegalArgumentException("killGrace must not be negative");
    this.killGrace = killGrace;
  }

  /**
   * The same factory whose agents may also report through {@code channels} (the agent API of {@code
   * baton serve}), which hands each attempt its {@code BATON_API} and {@code BATON_TOKEN}.
   */
  public CommandAgentFactory channels(AttemptChannels channels) {
    return new CommandAgentFactory(baseDir, killGrace, channels);
  }

  @Override
  public Optional<Agent> create(AgentSpec spec) {
    return switch (spec.kind()) {
      case AgentSpec.Command command ->
          Optional.of(
              new CommandAgent(
                  command.argv(),
                  baseDir,
                  command.workdir(),
                  command.env(),
                  command.inheritEnv(),
                  killGrace,
                  false,
                  channels));
      default -> Optional.empty();
    };
  }
}
