package dev.baton.agent;

/**
 * One call of a chat model by an agent, journaled as {@code LlmCalled} (docs/agent-protocols.md).
 *
 * @param costUsd from the agent's {@code price}; 0 when it has none
 * @param latencyMs how long the call took, retries of it included
 */
public record LlmCall(
    String model, long inputTokens, long outputTokens, double costUsd, long latencyMs) {
  public LlmCall {
    if (model == null || model.isBlank()) throw new IllegalArgumentException("model is required");
    if (inputTokens < 0 || outputTokens < 0 || costUsd < 0 || latencyMs < 0)
      throw new IllegalArgumentException("token counts, cost and latency are never negative");
  }

  public long tokens() {
    return inputTokens + outputTokens;
  }
}
