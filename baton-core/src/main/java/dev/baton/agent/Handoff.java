package dev.baton.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every agent receives (docs/agent-protocols.md). Serialised as the handoff JSON given to
 * command agents in {@code BATON_HANDOFF} and on standard input, and journaled as {@code
 * HandoffSent}.
 *
 * @param taskId and {@code idempotencyKey} are {@code RUN/STEP/ATTEMPT}
 * @param estimatedTime minutes, or null when the step has no estimate
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Handoff(
    String fromAgent,
    String toAgent,
    String taskId,
    String task,
    Context context,
    String successCriteria,
    Integer estimatedTime,
    List<String> escalationConditions,
    Map<String, Object> inputs,
    Map<String, Object> outputs,
    String idempotencyKey) {

  /** What was done, what remains, the rules, and the steps this one builds on. */
  public record Context(
      String completedWork,
      String remainingWork,
      List<String> constraints,
      List<String> dependencies) {
    public Context {
      constraints = List.copyOf(constraints);
      dependencies = List.copyOf(dependencies);
    }
  }

  public Handoff {
    escalationConditions = List.copyOf(escalationConditions);
    inputs = Map.copyOf(inputs);
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
  }
}
