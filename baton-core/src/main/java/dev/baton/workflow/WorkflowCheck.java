package dev.baton.workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of a workflow that need only its model, not its text: names that must be unique and
 * agents that must exist. The YAML loader reports the same problems with their positions while it
 * reads a file; {@code Baton.start} runs these on every workflow, so one built in Java is refused
 * before anything is written, exactly as a file with the same mistake is.
 */
public final class WorkflowCheck {
  private WorkflowCheck() {}

  /**
   * Every problem of {@code wf}; {@code registered} are the agents given to the builder in Java,
   * which the workflow may name besides its own.
   */
  public static List<String> problems(Workflow wf, Set<String> registered) {
    List<String> out = new ArrayList<>();
    Set<String> known = new TreeSet<>(wf.agents().keySet());
    known.addAll(registered);
    known.add(AgentSpec.META);
    wf.specialists().forEach(a -> known.add(a.name()));
    if (wf.name() == null || wf.name().isBlank()) out.add("the workflow has no name");
    if (wf.phases().isEmpty()) out.add("workflow '" + wf.name() + "' has no phases");
    for (String member : wf.team())
      if (!known.contains(member)) out.add(unknown(member, "the team", known));
    Set<String> phases = new HashSet<>();
    Set<String> steps = new HashSet<>();
    for (Phase p : wf.phases()) {
      if (!phases.add(p.name()))
        out.add("duplicate phase name '" + p.name() + "': phase names must be unique");
      if (p.steps().isEmpty()) out.add("phase '" + p.name() + "' has no steps");
      for (StepSpec s : p.steps()) {
        String where = "step '" + s.id() + "'";
        if (!steps.add(s.id()))
          out.add("duplicate step id '" + s.id() + "': step ids must be unique in the workflow");
        switch (s.agent()) {
          case AgentRef.Named n -> {
            if (!known.contains(n.name())) out.add(unknown(n.name(), where, known));
          }
          case AgentRef.Each e ->
              e.names().stream()
                  .filter(n -> !known.contains(n))
                  .forEach(n -> out.add(unknown(n, where, known)));
          case AgentRef.Routed routed -> {
            if (s.requires().isEmpty())
              out.add(where + " names no agent and requires no capability: it cannot be routed");
          }
          case AgentRef.Primary primary -> {}
          case AgentRef.Supporting supporting -> {}
        }
        s.rollback()
            .ifPresent(rb -> {
              if (rb instanceof Rollback.OtherAgent o && !known.contains(o.agent()))
                out.add(unknown(o.agent(), "the rollback of " + where, known));
            });
      }
    }
    return out;
  }

  /**
   * Throws {@link InvalidWorkflowException} with every problem, each positioned at the workflow's
   * source (a Java-built workflow has no lines: they are reported at its first).
   */
  public static void require(Workflow wf, Set<String> registered) {
    List<String> problems = problems(wf, registered);
    if (problems.isEmpty()) return;
    String file = wf.sources().workflowPath();
    throw new InvalidWorkflowException(
        problems.stream().map(m -> new Problem(file, 1, 1, m)).toList());
  }

  private static String unknown(String name, String where, Set<String> known) {
    return "unknown agent '"
        + name
        + "' in "
        + where
        + ": known agents are "
        + String.join(", ", known)
        + " (and primary, supporting)";
  }
}
