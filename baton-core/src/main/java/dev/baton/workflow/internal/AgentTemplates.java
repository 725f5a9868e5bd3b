package dev.baton.workflow.internal;

import dev.baton.workflow.InputSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-attempt placeholders of command agents' argv and env values (docs/agent-protocols.md):
 * their syntax and variables are checked where the agent is defined; the inputs and steps they name
 * are checked against each workflow that uses the agent, so {@code validate} and {@code run} refuse
 * the same files.
 */
final class AgentTemplates {
  static final String VARIABLES =
      "{{task}}, {{run.id}}, {{step.id}}, {{attempt}}, {{handoff.path}}, {{inputs.NAME}} and {{steps.ID.output}}";

  private record Use(TextTemplate template, Node.Scalar node, Problems problems, String what) {}

  private final Map<String, String> env;
  private final Map<String, List<Use>> uses = new LinkedHashMap<>();

  /** {@code env} is the environment {@code ${NAME}} references are checked against. */
  AgentTemplates(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** True when the environment defines {@code name}. */
  boolean defined(String name) {
    return env.containsKey(name);
  }

  /** Forgets an agent's uses: a later definition of the same name (inline) replaces it. */
  void define(String agent) {
    uses.remove(agent);
  }

  /**
   * Parses one argv element or env value of {@code agent} (null for a specialist template) and
   * checks the variables it names.
   */
  void read(String agent, Node.Scalar node, Problems problems, String what) {
    if (!node.text().contains("{{")) return;
    TextTemplate t;
    try {
      t = TextTemplate.parse(node.text());
    } catch (IllegalArgumentException e) {
      problems.at(node, e.getMessage() + " (in " + what + ")");
      return;
    }
    for (TextTemplate.Placeholder p : t.placeholders()) {
      String problem = syntax(p.path());
      if (problem != null)
        problems.at(
            node.line(),
            problems.columnOf(node, p.text()),
            problem + " (in " + p.text() + " of " + what + ")");
    }
    if (agent != null)
      uses.computeIfAbsent(agent, k -> new ArrayList<>()).add(new Use(t, node, problems, what));
  }

  private static String syntax(List<String> path) {
    String root = path.get(0);
    int n = path.size();
    boolean ok =
        switch (root) {
          case "task", "attempt" -> n == 1;
          case "run" -> n == 2 && (path.get(1).equals("id") || path.get(1).equals("primary"));
          case "step" -> n == 2 && path.get(1).equals("id");
          case "handoff" -> n == 2 && path.get(1).equals("path");
          case "inputs" -> n == 2;
          case "steps" -> n >= 2 && (n == 2 || Checks.STEP_FIELDS.contains(path.get(2)));
          default -> false;
        };
    return ok
        ? null
        : "'" + String.join(".", path) + "' is not a per-attempt value: use " + VARIABLES;
  }

  /** Checks the inputs and steps named by the agents a workflow uses. */
  void check(Set<String> used, Map<String, InputSpec> inputs, Set<String> stepIds) {
    uses.forEach((agent, list) -> {
      if (!used.contains(agent)) return;
      for (Use u : list) {
        for (TextTemplate.Placeholder p : u.template().placeholders()) {
          List<String> path = p.path();
          String problem = null;
          if (path.get(0).equals("inputs") && path.size() == 2 && !inputs.containsKey(path.get(1)))
            problem =
                "the workflow has no input '"
                    + path.get(1)
                    + "'"
                    + Suggest.nearest(path.get(1), inputs.keySet())
                        .map(s -> ": did you mean '" + s + "'?")
                        .orElse(": declare it under 'inputs:'");
          if (path.get(0).equals("steps") && path.size() >= 2 && !stepIds.contains(path.get(1)))
            problem =
                "the workflow has no step '"
                    + path.get(1)
                    + "'"
                    + Suggest.nearest(path.get(1), stepIds)
                        .map(s -> ": did you mean '" + s + "'?")
                        .orElse("");
          if (problem != null)
            u.problems()
                .at(
                    u.node().line(),
                    u.problems().columnOf(u.node(), p.text()),
                    problem + " (in " + p.text() + " of " + u.what() + ")");
        }
      }
    });
  }
}
