package dev.baton.cli;

import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Workflow;
import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads workflow files for running: command agents' relative {@code workdir}s (and the default,
 * none) are taken relative to the file that defines them. Every kind of agent runs, so {@code
 * validate} and {@code run} accept and refuse the same files.
 */
final class Workflows implements WorkflowLoader {
  /** Workflows without a {@code meta} section get the project's ({@code baton.yaml}). */
  private final WorkflowLoader loader = WorkflowLoader.standard(ProjectConfig.meta());

  @Override
  public Workflow load(Path workflowFile, Optional<Path> agentsFile) {
    if (!Files.isRegularFile(workflowFile))
      throw new UserError("no such workflow file: " + workflowFile);
    agentsFile.ifPresent(a -> {
      if (!Files.isRegularFile(a)) throw new UserError("no such agents file: " + a);
    });
    return anchor(loader.load(workflowFile, agentsFile));
  }

  @Override
  public Workflow load(Workflow.Sources sources) {
    return anchor(loader.load(sources));
  }

  @Override
  public dev.baton.workflow.AgentCatalog loadAgents(Path agentsFile) {
    return loader.loadAgents(agentsFile);
  }

  private static Workflow anchor(Workflow wf) {
    Path base =
        wf.sources()
            .agentsPath()
            .map(Path::of)
            .orElse(Path.of(wf.sources().workflowPath()))
            .toAbsolutePath()
            .getParent();
    Map<String, AgentSpec> agents = new LinkedHashMap<>();
    wf.agents()
        .forEach((name, a) ->
            agents.put(
                name,
                a.kind() instanceof AgentSpec.Command c
                    ? new AgentSpec(
                        a.name(),
                        a.role(),
                        a.capabilities(),
                        a.keywords(),
                        a.capacity(),
                        new AgentSpec.Command(
                            c.argv(),
                            Optional.of(
                                base.resolve(c.workdir().orElse(".")).normalize().toString()),
                            c.env(),
                            c.inheritEnv()))
                    : a));
    return wf.withAgents(agents);
  }
}
