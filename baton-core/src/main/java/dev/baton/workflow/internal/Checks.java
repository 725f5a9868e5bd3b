package dev.baton.workflow.internal;

import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.InputSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-references checked once the whole file is read: agent names (which may be defined after
 * their use, or in the agents file) and the variables templates name.
 */
final class Checks {
  static final List<String> RUN_FIELDS =
      List.of("id", "primary", "priority", "elapsed", "budget", "failures", "replans");
  static final List<String> STEP_FIELDS = List.of("output", "state", "agent", "duration");

  /** An agent named at a node. */
  record AgentUse(String name, Node node, String what) {}

  /**
   * A template at a node; {@code visible} holds the steps that run before it, {@code self} the step
   * it belongs to, which a rollback (run after the step) may read.
   */
  record TemplateUse(
      TextTemplate template,
      Node.Scalar node,
      String what,
      Set<String> visible,
      String self,
      boolean selfAllowed,
      boolean item) {}

  final List<AgentUse> agents = new ArrayList<>();

  /** Agents defined with problems (already reported): their uses are not reported again. */
  final java.util.Set<String> invalidAgents = new java.util.HashSet<>();

  final List<TemplateUse> templates = new ArrayList<>();

  void agent(String name, Node node, String what) {
    agents.add(new AgentUse(name, node, what));
  }

  /** The agents a workflow uses: its team and every agent its steps name. */
  Set<String> used(List<String> team) {
    Set<String> out = new java.util.HashSet<>(team);
    agents.forEach(a -> out.add(a.name()));
    return out;
  }

  void run(
      Map<String, AgentSpec> known,
      Map<String, InputSpec> inputs,
      Set<String> stepIds,
      Problems problems) {
    for (AgentUse use : agents) {
      if (known.containsKey(use.name()) || invalidAgents.contains(use.name())) continue;
      String where =
          known.size() <= 1
              ? "define it in agents.yaml beside the workflow, with --agents FILE, or under 'agents:'"
              : Suggest.nearest(use.name(), known.keySet())
                  .map(n -> "did you mean '" + n + "'?")
                  .orElse(
                      "known agents are "
                          + String.join(", ", known.keySet().stream().sorted().toList())
                          + " (and primary, supporting)");
      problems.at(use.node(), "unknown agent '" + use.name() + "' in " + use.what() + ": " + where);
    }
    for (TemplateUse use : templates) {
      for (TextTemplate.Placeholder p : use.template().placeholders()) {
        String problem = check(p.path(), use, inputs, stepIds);
        if (problem != null)
          problems.at(
              use.node().line(),
              problems.columnOf(use.node(), p.text()),
              problem + " (in " + p.text() + " of " + use.what() + ")");
      }
    }
  }

  private static String check(
      List<String> path, TemplateUse use, Map<String, InputSpec> inputs, Set<String> stepIds) {
    String root = path.get(0);
    String second = path.size() > 1 ? path.get(1) : null;
    return switch (root) {
      case "inputs" -> {
        if (second == null) yield "name an input: {{inputs.NAME}}";
        if (inputs.containsKey(second)) yield null;
        yield "unknown input '"
            + second
            + "': "
            + (inputs.isEmpty()
                ? "declare it under 'inputs:'"
                : Suggest.nearest(second, inputs.keySet())
                    .map(n -> "did you mean '" + n + "'?")
                    .orElse("declare it under 'inputs:'"));
      }
      case "steps" -> {
        if (second == null) yield "name a step: {{steps.ID.output}}";
        if (!stepIds.contains(second)) {
          yield "no step '"
              + second
              + "'"
              + Suggest.nearest(second, stepIds).map(n -> ": did you mean '" + n + "'?").orElse("");
        }
        if (second.equals(use.self()) && !use.selfAllowed())
          yield "a step cannot use its own output in its task";
        if (!second.equals(use.self()) && !use.visible().contains(second)) {
          yield "step '"
              + second
              + "' does not run before this one: use steps of earlier phases, or earlier steps of a sequential phase";
        }
        if (path.size() > 2 && !STEP_FIELDS.contains(path.get(2))) {
          yield "steps have no '" + path.get(2) + "': " + Suggest.hint(path.get(2), STEP_FIELDS);
        }
        yield null;
      }
      case "run" -> {
        if (second != null && RUN_FIELDS.contains(second) && path.size() == 2) yield null;
        yield "runs have "
            + String.join(", ", RUN_FIELDS)
            + (second == null ? "" : "; " + Suggest.hint(second, RUN_FIELDS));
      }
      case "item" -> use.item() ? null : "'item' exists only in the steps of a 'foreach' phase";
      default -> "unknown variable '" + root + "': templates use inputs, steps, run and item";
    };
  }
}
