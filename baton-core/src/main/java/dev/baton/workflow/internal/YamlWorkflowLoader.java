package dev.baton.workflow.internal;

import dev.baton.workflow.AgentCatalog;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.InvalidWorkflowException;
import dev.baton.workflow.Problem;
import dev.baton.workflow.Workflow;
import dev.baton.workflow.WorkflowLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads workflow and agents files: YAML read into positioned nodes, every key checked, CEL compiled
 * and type-checked, templates and agent names cross-checked; all problems found in one pass.
 */
public final class YamlWorkflowLoader implements WorkflowLoader {
  private static final List<String> AGENTS_FILE_KEYS = List.of("agents", "specialists");

  private final Map<String, AgentSpec> inProcess;
  private final Map<String, String> env;
  private final Optional<AgentSpec.Llm> projectMeta;

  private YamlWorkflowLoader(
      Map<String, AgentSpec> inProcess,
      Map<String, String> env,
      Optional<AgentSpec.Llm> projectMeta) {
    // in the order given: a workflow without 'team' takes its agents in this order, the first
    // being the primary
    this.inProcess = Collections.unmodifiableMap(new LinkedHashMap<>(inProcess));
    this.env = Map.copyOf(env);
    this.projectMeta = projectMeta;
  }

  public static YamlWorkflowLoader create() {
    return new YamlWorkflowLoader(Map.of(), System.getenv(), Optional.empty());
  }

  /**
   * The same loader giving workflows without a {@code meta} section the meta agent's model of the
   * project ({@code meta: {llm: …}} in {@code baton.yaml}, see {@link #projectMeta}).
   */
  public YamlWorkflowLoader meta(Optional<AgentSpec.Llm> llm) {
    return new YamlWorkflowLoader(inProcess, env, llm);
  }

  /**
   * The meta agent's model of a project file ({@code baton.yaml}): its {@code meta: {llm: …}},
   * checked as a workflow's is; empty when the file or the section is absent. The file's other
   * sections are not read here.
   *
   * @throws InvalidWorkflowException with every problem found, with positions
   */
  public static Optional<AgentSpec.Llm> projectMeta(Path file) {
    if (!Files.isRegularFile(file)) return Optional.empty();
    List<Problem> sink = new ArrayList<>();
    String text = read(file, sink);
    if (!sink.isEmpty()) throw new InvalidWorkflowException(sink);
    if (text.isBlank()) return Optional.empty();
    Problems problems = new Problems(file.toString(), text, sink);
    Optional<AgentSpec.Llm> llm =
        YamlTree.parse(text, problems)
            .flatMap(root -> {
              if (root instanceof Node.Scalar sc && sc.isNull()) return Optional.empty();
              if (!(root instanceof Node.MapNode m)) {
                problems.at(root, "the project file must be a map of sections, not " + root.kind());
                return Optional.empty();
              }
              return m.get("meta")
                  .filter(n -> !(n instanceof Node.Scalar sc && sc.isNull()))
                  .flatMap(n -> Fields.of(n, problems, "'meta'", List.of("llm")))
                  .flatMap(f ->
                      f.required("llm", "{provider: openai, model: gpt-4.1}")
                          .flatMap(n ->
                              new AgentsReader(
                                      problems,
                                      new HashSet<>(),
                                      new AgentTemplates(System.getenv()))
                                  .llm(n, "'llm' of 'meta'")));
            });
    if (!sink.isEmpty()) throw new InvalidWorkflowException(sink);
    return llm;
  }

  /**
   * The same loader checking {@code ${NAME}} references against {@code env} instead of this
   * process's environment.
   */
  public YamlWorkflowLoader environment(Map<String, String> env) {
    return new YamlWorkflowLoader(inProcess, env, projectMeta);
  }

  /**
   * A loader that also knows agents implemented in Java, by name, as if an agents file defined
   * them.
   */
  public static YamlWorkflowLoader create(Collection<AgentSpec> inProcess) {
    Map<String, AgentSpec> m = new LinkedHashMap<>();
    inProcess.forEach(a -> m.put(a.name(), a));
    return new YamlWorkflowLoader(m, System.getenv(), Optional.empty());
  }

  @Override
  public Workflow load(Path workflowFile, Optional<Path> agentsFile) {
    Optional<Path> agents =
        agentsFile.or(() -> Optional.of(beside(workflowFile)).filter(Files::isRegularFile));
    List<Problem> problems = new ArrayList<>();
    String workflowText = read(workflowFile, problems);
    String agentsText = agents.map(a -> read(a, problems)).orElse(null);
    if (!problems.isEmpty()) throw new InvalidWorkflowException(problems);
    Workflow.Sources sources =
        new Workflow.Sources(
            absolute(workflowFile),
            workflowText,
            agents.map(YamlWorkflowLoader::absolute),
            Optional.ofNullable(agentsText));
    return load(sources, workflowFile.toString(), agents.map(Path::toString));
  }

  @Override
  public Workflow load(Workflow.Sources sources) {
    return load(sources, sources.workflowPath(), sources.agentsPath());
  }

  @Override
  public AgentCatalog loadAgents(Path agentsFile) {
    List<Problem> sink = new ArrayList<>();
    String text = read(agentsFile, sink);
    Map<String, AgentSpec> agents = new LinkedHashMap<>();
    List<AgentSpec> specialists = new ArrayList<>();
    if (sink.isEmpty())
      readAgentsFile(
          new Problems(agentsFile.toString(), text, sink),
          text,
          agents,
          specialists,
          new HashSet<>(),
          new AgentTemplates(env));
    if (!sink.isEmpty()) throw new InvalidWorkflowException(sink);
    return new AgentCatalog(agents, specialists);
  }

  private Workflow load(
      Workflow.Sources sources, String workflowName, Optional<String> agentsName) {
    List<Problem> sink = new ArrayList<>();
    Map<String, AgentSpec> agents = new LinkedHashMap<>(inProcess);
    List<AgentSpec> specialists = new ArrayList<>();
    Set<String> invalid = new HashSet<>();
    AgentTemplates templates = new AgentTemplates(env);
    if (sources.agentsText().isPresent()) {
      String name = agentsName.orElse("agents.yaml");
      readAgentsFile(
          new Problems(name, sources.agentsText().get(), sink),
          sources.agentsText().get(),
          agents,
          specialists,
          invalid,
          templates);
    }
    Problems problems = new Problems(workflowName, sources.workflowText(), sink);
    Optional<Workflow> workflow =
        YamlTree.parse(sources.workflowText(), problems)
            .flatMap(root ->
                new WorkflowReader(problems, invalid, templates, projectMeta)
                    .read(root, agents, specialists, sources));
    if (!sink.isEmpty() || workflow.isEmpty()) {
      if (sink.isEmpty()) problems.at(1, 1, "the workflow is incomplete");
      throw new InvalidWorkflowException(sink);
    }
    return workflow.get();
  }

  private static void readAgentsFile(
      Problems problems,
      String text,
      Map<String, AgentSpec> agents,
      List<AgentSpec> specialists,
      Set<String> invalid,
      AgentTemplates templates) {
    YamlTree.parse(text, problems)
        .flatMap(root -> Fields.of(root, problems, "the agents file", AGENTS_FILE_KEYS))
        .ifPresent(f -> {
          AgentsReader reader = new AgentsReader(problems, invalid, templates);
          f.node("agents").ifPresent(n -> reader.readAgents(n, agents));
          f.node("specialists").ifPresent(n -> specialists.addAll(reader.readSpecialists(n)));
        });
  }

  private static Path beside(Path workflowFile) {
    Path dir = workflowFile.toAbsolutePath().getParent();
    return dir == null ? Path.of("agents.yaml") : dir.resolve("agents.yaml");
  }

  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }

  private static String read(Path file, List<Problem> problems) {
    try {
      if (Files.isDirectory(file)) {
        problems.add(new Problem(file.toString(), 1, 1, "is a directory, not a workflow file"));
        return "";
      }
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        // a device or a pipe (/dev/zero) has no size and may never end: never read it
        problems.add(new Problem(file.toString(), 1, 1, "is not a regular file"));
        return "";
      }
      if (Files.size(file) > YamlTree.MAX_BYTES) {
        problems.add(
            new Problem(
                file.toString(),
                1,
                1,
                "the file is larger than 1 MiB: split it or move long texts into the agents' own files"));
        return "";
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (NoSuchFileException e) {
      problems.add(new Problem(file.toString(), 1, 1, "no such file"));
    } catch (CharacterCodingException e) {
      problems.add(new Problem(file.toString(), 1, 1, "not UTF-8 text: save the file as UTF-8"));
    } catch (IOException e) {
      problems.add(new Problem(file.toString(), 1, 1, "cannot read: " + e.getMessage()));
    }
    return "";
  }
}
