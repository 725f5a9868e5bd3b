package dev.baton.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An agent's report while it works (docs/agent-protocols.md). Every field may be absent in a
 * report.
 *
 * @param progress 0-100
 * @param estimatedCompletion ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Status(
    String agentId,
    String currentTask,
    Integer progress,
    String estimatedCompletion,
    List<String> blockers,
    List<SupportRequest> requestedSupport,
    String message) {

  /** A request for help from another agent; urgency is {@code low|medium|high|critical}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SupportRequest(String fromAgent, String reason, String urgency) {}

  public static Status progress(int percent, String message) {
    return new Status(null, null, percent, null, null, null, message);
  }
}
