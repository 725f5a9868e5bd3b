package dev.baton.workflow.internal;

import dev.baton.BatonException;
import dev.baton.workflow.Workflow;
import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Path;
import java.util.Optional;

/** Loads workflow YAML with positions. */
public final class YamlWorkflowLoader implements WorkflowLoader {
  public static YamlWorkflowLoader create() {
    return new YamlWorkflowLoader();
  }

  @Override
  public Workflow load(Path workflowFile, Optional<Path> agentsFile) {
    throw new BatonException("not yet");
  }

  @Override
  public Workflow load(Workflow.Sources sources) {
    throw new BatonException("not yet");
  }
}
