package dev.baton.workflow.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.InvalidWorkflowException;
import dev.baton.workflow.Problem;
import dev.baton.workflow.Workflow;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a workflow built in Java ({@link dev.baton.workflow.WorkflowBuilder}) into a {@link
 * Workflow} through the YAML loader itself: the builder collects the same keys a file holds, and
 * the loader reads them. The defaults of absent keys and every check therefore stay in one place,
 * and a Java workflow cannot drift from a file with the same definition.
 */
public final class JavaWorkflows {
  private static final YAMLMapper YAML = new YAMLMapper();

  /** The loader's pointer to a first occurrence: a line of the generated text, not the user's. */
  private static final Pattern FIRST_AT = Pattern.compile(" \\(first at line \\d+\\)");

  private JavaWorkflows() {}

  /**
   * Reads {@code definition} (the keys of a workflow file, as maps, lists and scalars) with {@code
   * agents} and {@code specialists} defined as an agents file would.
   *
   * @throws InvalidWorkflowException with every problem, reported at {@code <java:NAME>}
   */
  public static Workflow read(
      String name,
      Map<String, Object> definition,
      Collection<AgentSpec> agents,
      List<AgentSpec> specialists,
      Optional<AgentSpec.Llm> meta) {
    Workflow.Sources java = Workflow.Sources.java(name);
    String text;
    try {
      text = YAML.writeValueAsString(definition);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the definition of " + name, e);
    }
    Workflow wf;
    try {
      wf =
          YamlWorkflowLoader.create(agents)
              .meta(meta)
              .load(
                  new Workflow.Sources(
                      java.workflowPath(), text, Optional.empty(), Optional.empty()));
    } catch (InvalidWorkflowException e) {
      // positions would point into the generated text: the messages name the step or phase
      throw new InvalidWorkflowException(
          e.problems().stream()
              .map(p ->
                  new Problem(
                      java.workflowPath(), 1, 1, FIRST_AT.matcher(p.message()).replaceAll("")))
              .toList());
    }
    return new Workflow(
        wf.name(),
        wf.description(),
        wf.inputs(),
        wf.team(),
        wf.agents(),
        specialists,
        wf.priority(),
        wf.budget(),
        wf.constraints(),
        wf.escalation(),
        wf.phases(),
        java,
        wf.spend());
  }
}
