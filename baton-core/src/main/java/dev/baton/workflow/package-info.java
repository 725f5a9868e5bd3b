/**
 * The workflow language: definitions ({@link dev.baton.workflow.Workflow}, phases, steps, agents)
 * as validated values, loaded from YAML by {@link dev.baton.workflow.WorkflowLoader} with every
 * problem reported at its position.
 */
package dev.baton.workflow;
