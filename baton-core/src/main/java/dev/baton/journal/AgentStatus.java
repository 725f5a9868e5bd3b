package dev.baton.journal;

import java.time.Instant;
import java.util.Map;

/**
 * An agent's latest reported status (docs/agent-protocols.md), kept by the store as the agents'
 * board.
 */
public record AgentStatus(
    String agent,
    String run,
    String step,
    int attempt,
    Integer progress,
    Map<String, Object> status,
    Instant time) {}
