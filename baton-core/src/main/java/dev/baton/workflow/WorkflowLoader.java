package dev.baton.workflow;

import dev.baton.workflow.internal.YamlWorkflowLoader;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * Loads and validates workflow files (docs/workflow-language.md) and agents files
 * (docs/workflow-language.md#agents-file). Every problem is found at once and reported with its
 * position; nothing half-valid is ever returned.
 */
public interface WorkflowLoader {
  /**
   * Loads {@code workflowFile}; the agents come from {@code agentsFile}, else {@code agents.yaml}
   * beside the workflow when it exists, else inline definitions only.
   *
   * @throws InvalidWorkflowException with every problem found
   */
  Workflow load(Path workflowFile, Optional<Path> agentsFile);

  /** Loads a workflow from the texts stored with a run. */
  Workflow load(Workflow.Sources sources);

  /**
   * Loads an agents file alone (for {@code baton validate agents.yaml} and {@code baton agents}).
   *
   * @throws InvalidWorkflowException with every problem found
   */
  AgentCatalog loadAgents(Path agentsFile);

  /**
   * The default loader, giving workflows without a {@code meta} section the project's meta model
   * ({@code meta: {llm: …}} in {@code baton.yaml}, docs/meta-agent.md).
   */
  static WorkflowLoader standard(Optional<AgentSpec.Llm> projectMeta) {
    return YamlWorkflowLoader.create().meta(projectMeta);
  }

  /**
   * The meta agent's model set by a project file ({@code baton.yaml}'s {@code meta: {llm: …}});
   * empty when the file or the section is absent.
   *
   * @throws InvalidWorkflowException with every problem found, with positions
   */
  static Optional<AgentSpec.Llm> projectMeta(Path projectFile) {
    return YamlWorkflowLoader.projectMeta(projectFile);
  }

  /** The default loader (YAML with positions, CEL type-checked at load time). */
  static WorkflowLoader standard() {
    return YamlWorkflowLoader.create();
  }

  /** The default loader, also knowing agents implemented in Java (so workflows may name them). */
  static WorkflowLoader standard(Collection<AgentSpec> inProcessAgents) {
    return YamlWorkflowLoader.create(inProcessAgents);
  }
}
