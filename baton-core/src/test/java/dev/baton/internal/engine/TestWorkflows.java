package dev.baton.internal.engine;

import dev.baton.workflow.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small Java-built workflows for engine tests. */
final class TestWorkflows {
  private TestWorkflows() {}

  static StepSpec step(String id, String agent) {
    return step(id, agent, 0, Optional.empty());
  }

  static StepSpec step(String id, String agent, int retries, Optional<Duration> timeout) {
    return new StepSpec(
        id,
        new AgentRef.Named(agent),
        List.of(),
        Template.literal("do " + id),
        Optional.empty(),
        timeout,
        retries,
        Duration.ofMillis(10),
        Optional.empty(),
        Success.NONE,
        Optional.empty(),
        List.of(),
        false,
        false,
        List.of());
  }

  static Phase phase(String name, Mode mode, StepSpec... steps) {
    return phase(name, mode, OnFailure.ROLLBACK_AND_REPLAN, steps);
  }

  static Phase phase(String name, Mode mode, OnFailure onFailure, StepSpec... steps) {
    return new Phase(
        name,
        mode,
        List.of(steps),
        Optional.empty(),
        onFailure,
        2,
        false,
        Optional.empty(),
        Optional.empty(),
        false,
        1.5);
  }

  static Workflow workflow(String name, List<String> team, Phase... phases) {
    Map<String, AgentSpec> agents = new LinkedHashMap<>();
    for (String a : team)
      agents.put(a, new AgentSpec(a, a, List.of(a), List.of(), 1, new AgentSpec.InProcess()));
    agents.put(
        "meta",
        new AgentSpec("meta", "Meta Agent", List.of("triage"), List.of(), 1, new AgentSpec.Meta()));
    return new Workflow(
        name,
        "",
        Map.of(),
        new ArrayList<>(team),
        agents,
        List.of(),
        Expression.constant("normal"),
        Optional.empty(),
        List.of("be careful"),
        List.of(),
        List.of(phases),
        new Workflow.Sources(name, "", Optional.empty(), Optional.empty()));
  }
}
