package dev.baton.cli;

import dev.baton.BatonException;
import dev.baton.workflow.InvalidWorkflowException;
import dev.baton.workflow.Problem;
import dev.baton.workflow.WorkflowLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code baton validate FILE… [--agents FILE]}: checks workflow files (and agents files, recognised
 * by their name {@code agents.yaml} or {@code *.agents.yaml}) without running anything. Prints
 * {@code FILE: ok} for each valid file on standard output and every problem as {@code
 * FILE:LINE:COLUMN: message} on standard error; exits 0 when all are valid, else 2.
 */
@Command(
    name = "validate",
    description =
        "Checks workflow and agents files; prints FILE:LINE:COLUMN: message for every problem.")
public final class ValidateCommand implements Callable<Integer> {
  static final int INVALID = 2;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE",
      description =
          "Workflow files, agents files (agents.yaml, *.agents.yaml) or the project file"
              + " (baton.yaml: its meta section).")
  List<Path> files;

  @Option(
      names = "--agents",
      paramLabel = "FILE",
      description = "The agents file (default: agents.yaml beside each workflow).")
  Path agents;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean ok = true;
    WorkflowLoader loader;
    try {
      // a workflow runs with the project's meta model: validate checks baton.yaml's too
      loader = WorkflowLoader.standard(ProjectConfig.meta());
    } catch (InvalidWorkflowException e) {
      e.problems().stream().sorted().forEach(err::println);
      err.flush();
      return INVALID;
    }
    if (agents != null && !Files.isRegularFile(agents)) {
      err.println(agents + ": no such agents file (given with --agents)");
      err.flush();
      return INVALID;
    }
    for (Path file : files) {
      try {
        if (!Files.exists(file))
          throw new InvalidWorkflowException(
              List.of(new Problem(file.toString(), 1, 1, "no such file")));
        if (isAgentsFile(file)) loader.loadAgents(file);
        else if (isProjectFile(file)) WorkflowLoader.projectMeta(file);
        else loader.load(file, Optional.ofNullable(agents));
        out.println(file + ": ok");
      } catch (InvalidWorkflowException e) {
        ok = false;
        e.problems().stream().sorted().forEach(err::println);
      } catch (BatonException e) {
        ok = false;
        err.println(file + ": " + e.getMessage());
      }
    }
    out.flush();
    err.flush();
    return ok ? 0 : INVALID;
  }

  /** {@code baton.yaml}: its {@code meta} section is checked (the other sections by their use). */
  static boolean isProjectFile(Path file) {
    String name = file.getFileName().toString();
    return name.equals("baton.yaml") || name.equals("baton.yml");
  }

  static boolean isAgentsFile(Path file) {
    String name = file.getFileName().toString();
    return name.equals("agents.yaml")
        || name.equals("agents.yml")
        || name.endsWith(".agents.yaml")
        || name.endsWith(".agents.yml");
  }
}
