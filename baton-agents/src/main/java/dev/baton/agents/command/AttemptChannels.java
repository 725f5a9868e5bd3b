package dev.baton.agents.command;

import dev.baton.agent.Attempt;
import java.util.Map;
import java.util.Optional;

/**
 * Another way than standard output for a command agent to report during an attempt: the agent API
 * of {@code baton serve}, which the program (or a tool it starts, such as an MCP server) reaches
 * with the {@code BATON_API} and {@code BATON_TOKEN} of its environment. What arrives that way is
 * handled exactly as the matching {@code @baton} line would be.
 */
@FunctionalInterface
public interface AttemptChannels {
  /** No other way: the agent reports through its standard output only. */
  AttemptChannels NONE = (attempt, reports) -> Channel.NONE;

  /**
   * Opens the channel of an attempt that starts; {@code reports} records what arrives through it.
   * The attempt closes the channel when it ends, whatever happens.
   */
  Channel open(Attempt attempt, Reports reports);

  /** Records one report of an attempt as the line {@code @baton KEYWORD JSON} would be. */
  @FunctionalInterface
  interface Reports {
    /** Returns why the report was refused (a malformed body, an ended attempt), or empty. */
    Optional<String> report(String keyword, String json);
  }

  /** An open channel: the environment that lets the agent reach it. */
  interface Channel extends AutoCloseable {
    Channel NONE =
        new Channel() {
          @Override
          public Map<String, String> env() {
            return Map.of();
          }

          @Override
          public void close() {}
        };

    /** Variables added to the agent's environment (e.g. {@code BATON_API}, {@code BATON_TOKEN}). */
    Map<String, String> env();

    /** The attempt ended: whatever the channel handed out is void from now on. */
    @Override
    void close();
  }
}
