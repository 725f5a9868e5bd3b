package dev.baton;

import dev.baton.agent.Agent;
import dev.baton.agent.AgentFactory;
import dev.baton.agent.EnvironmentSecrets;
import dev.baton.agent.Secrets;
import dev.baton.internal.engine.Engine;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.meta.DeterministicMetaPolicy;
import dev.baton.meta.EvidenceTriager;
import dev.baton.meta.MetaPolicy;
import dev.baton.meta.TextEmbedder;
import dev.baton.run.RunState;
import dev.baton.store.JournalStore;
import dev.baton.tuning.TuningSource;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Workflow;
import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one way into Baton: an instance that executes workflows durably on a journal store.
 *
 * <pre>{@code
 * try (Baton baton = Baton.builder().store(store).agent("reviewer", reviewer).build()) {
 *   RunState end = baton.start(workflow, Map.of("report", "login fails")).await();
 * }
 * }</pre>
 */
public final class Baton implements AutoCloseable {
  private final Engine engine;
  private final JournalStore store;
  private final WorkflowLoader loader;
  private final Map<String, Workflow> javaWorkflows;
  private final Map<String, AgentSpec> inProcess;
  private final LeaseOwner owner;

  private Baton(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.loader = b.loader != null ? b.loader : WorkflowLoader.standard(b.specs.values());
    this.javaWorkflows = Map.copyOf(b.workflows);
    this.inProcess = Collections.unmodifiableMap(new LinkedHashMap<>(b.explicitSpecs));
    this.owner = b.owner;
    this.engine =
        new Engine(
            new Engine.Config(
                store,
                b.clock,
                List.copyOf(b.factories),
                Map.copyOf(b.agents),
                b.secrets,
                b.stateDir,
                b.leaseTtl,
                b.commandPoll,
                b.metaPolicy,
                b.stallAfter,
                b.tuning,
                new EvidenceTriager(b.embedder, b.askBelow),
                b.owner));
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a workflow file (with {@code agents.yaml} beside it, if any); agents registered on the
   * builder may be named in it.
   *
   * @throws dev.baton.workflow.InvalidWorkflowException with every problem, positioned
   */
  public Workflow load(Path workflowFile) {
    return loader.load(workflowFile, Optional.empty());
  }

  /**
   * Loads a workflow from YAML text, validated exactly as a file is; agents registered on the
   * builder and inline {@code agents:} may be named in it. The text is stored with each run, so any
   * process can resume it.
   *
   * @throws dev.baton.workflow.InvalidWorkflowException with every problem, positioned
   */
  public Workflow load(String yaml) {
    return loader.load(new Workflow.Sources("<string>", yaml, Optional.empty(), Optional.empty()));
  }

  /**
   * Loads a workflow from a classpath resource (e.g. {@code "workflows/review.yaml"}), validated as
   * a file is.
   *
   * @throws BatonException when there is no such resource
   */
  public Workflow loadResource(String resource) {
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader classes =
        Optional.ofNullable(Thread.currentThread().getContextClassLoader())
            .orElse(Baton.class.getClassLoader());
    try (java.io.InputStream in = classes.getResourceAsStream(name)) {
      if (in == null) throw new BatonException("no classpath resource " + name);
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return loader.load(new Workflow.Sources(name, text, Optional.empty(), Optional.empty()));
    } catch (java.io.IOException e) {
      throw new BatonException("cannot read classpath resource " + name + ": " + e.getMessage(), e);
    }
  }

  /** Starts a run with a generated id. */
  public RunHandle start(Workflow workflow, Map<String, String> inputs) {
    return start(workflow, inputs, Optional.empty());
  }

  /** Starts a run; the id must be new. Invalid inputs are refused before anything is written. */
  public RunHandle start(Workflow workflow, Map<String, String> inputs, Optional<String> id) {
    return engine.start(withRegisteredAgents(workflow), inputs, id);
  }

  /**
   * The workflow with the specs of the agents registered here with a spec (capacity, capabilities)
   * in place of those it declares as implemented in Java: the registration says what the agent can
   * do. A spec of another kind (a command with its workdir, say) stays the workflow's, and a
   * workflow loaded here has the registered specs already.
   */
  private Workflow withRegisteredAgents(Workflow wf) {
    Map<String, AgentSpec> agents = new LinkedHashMap<>(wf.agents());
    boolean changed = false;
    for (AgentSpec spec : inProcess.values()) {
      AgentSpec declared = agents.get(spec.name());
      if (declared != null
          && declared.kind() instanceof AgentSpec.InProcess
          && !declared.equals(spec)) {
        agents.put(spec.name(), spec);
        changed = true;
      }
    }
    if (!changed) return wf;
    return wf.withAgents(agents);
  }

  /** Continues an unfinished run in this process (after a crash, or one handed back earlier). */
  public RunHandle resume(String runId) {
    return new RunHandle(runId, engine.resume(runId, def -> workflow(runId, def)));
  }

  /**
   * Continues every unfinished run of the store that no live process executes. Their leases are
   * taken in one transaction first, so recovering many runs costs one durable write, not one per
   * run.
   */
  public List<RunHandle> resumeAll() {
    List<RunHandle> out = new ArrayList<>();
    for (String id : engine.claim(store.unfinishedRuns())) {
      try {
        out.add(new RunHandle(id, engine.resumeClaimed(id, def -> workflow(id, def))));
      } catch (BatonException notHere) {
        // not resumable here (e.g. a Java workflow not registered): the engine handed its lease
        // back
      }
    }
    return out;
  }

  private Workflow workflow(String runId, Event.Definition def) {
    if (def.workflowText() == null || def.workflowText().isEmpty()) {
      Workflow registered = javaWorkflows.get(def.workflowPath());
      // a run journaled before Java workflows had paths of their own ("<java>"): the one
      // registered, when there is only one
      if (registered == null && def.workflowPath().equals("<java>") && javaWorkflows.size() == 1)
        registered = javaWorkflows.values().iterator().next();
      return Optional.ofNullable(registered)
          .map(this::withRegisteredAgents)
          .orElseThrow(() ->
              new BatonException(
                  "run "
                      + runId
                      + " was defined in Java: register its workflow on the builder to resume it"));
    }
    return loader.load(
        new Workflow.Sources(
            def.workflowPath(),
            def.workflowText(),
            Optional.ofNullable(def.agentsPath()),
            Optional.ofNullable(def.agentsText())));
  }

  /**
   * Called with each batch of journal entries once committed, on the run's own thread: keep it
   * quick.
   */
  public void subscribe(Consumer<List<JournalEntry>> listener) {
    engine.subscribe(listener);
  }

  /** This process as it holds leases and claims: its node name and process. */
  public LeaseOwner owner() {
    return owner;
  }

  public JournalStore store() {
    return store;
  }

  /**
   * A snapshot of a run of the store: the fold of its journal so far (for a run executing here, as
   * committed). Empty when the store has no such run.
   */
  public Optional<RunState> state(String runId) {
    return engine.snapshot(runId);
  }

  /** Steps holding a slot of {@code agent}, in every process on the store (agents' board). */
  public int running(String agent) {
    return engine.running(agent);
  }

  /** Steps waiting for a slot of {@code agent}, in every process on the store. */
  public int queued(String agent) {
    return engine.queued(agent);
  }

  /**
   * Queues a command for a run (a person's decision, a cancel, feedback) in the store, where the
   * process executing the run finds it; a run executing here gets it at once. Returns its id.
   */
  public long submit(RunCommand command) {
    long id = store.submit(command);
    engine.command(
        new RunCommand(
            id,
            command.run(),
            command.kind(),
            command.task(),
            command.action(),
            command.args(),
            command.by(),
            command.note(),
            command.created()));
    return id;
  }

  @Override
  public void close() {
    engine.close();
  }

  /** Builds a {@link Baton}; only the store is required. */
  public static final class Builder {
    private JournalStore store;
    private Clock clock = Clock.systemUTC();
    private final List<AgentFactory> factories = new ArrayList<>();
    private final Map<String, Agent> agents = new HashMap<>();
    private final Map<String, Workflow> workflows = new HashMap<>();
    private Secrets secrets = EnvironmentSecrets.fromSystem();
    private Path stateDir = Path.of(".baton");
    private Duration leaseTtl = Duration.ofSeconds(30);
    private Duration commandPoll = Duration.ofMillis(500);
    private WorkflowLoader loader;
    private final Map<String, AgentSpec> specs = new LinkedHashMap<>();

    /** The specs given with {@code agent(spec, agent)}, not made by {@code agent(name, agent)}. */
    private final Map<String, AgentSpec> explicitSpecs = new LinkedHashMap<>();

    private MetaPolicy metaPolicy = new DeterministicMetaPolicy();
    private Duration stallAfter = Duration.ofMinutes(10);
    private LeaseOwner owner = LeaseOwner.current();
    private Optional<TextEmbedder> embedder = Optional.empty();
    private double askBelow = EvidenceTriager.ASK_BELOW;
    private TuningSource tuning = TuningSource.NONE;

    public Builder store(JournalStore store) {
      this.store = store;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Adds an agent kind (command, llm, http…); the first factory that accepts a definition wins.
     */
    public Builder agentFactory(AgentFactory factory) {
      factories.add(factory);
      return this;
    }

    /**
     * Registers an in-process Java agent under a name workflows may use (no capabilities, capacity
     * 1).
     */
    public Builder agent(String name, Agent agent) {
      agents.put(name, agent);
      specs.put(name, AgentSpec.inProcess(name));
      explicitSpecs.remove(name);
      return this;
    }

    /**
     * Registers an in-process Java agent with its role, capabilities, keywords and capacity; this
     * spec also replaces the one a workflow built in Java declares for it with {@link
     * AgentSpec#inProcess}.
     */
    public Builder agent(AgentSpec spec, Agent agent) {
      agents.put(spec.name(), agent);
      specs.put(spec.name(), spec);
      explicitSpecs.put(spec.name(), spec);
      return this;
    }

    /**
     * Registers a Java-defined workflow so that its runs can be resumed. Each is found again by its
     * sources' path ({@code <java:NAME>} for {@code Sources.none()}): two different workflows with
     * the same path are refused, since a resumed run could not tell them apart.
     */
    public Builder workflow(Workflow workflow) {
      Workflow before = workflows.putIfAbsent(workflow.sources().workflowPath(), workflow);
      if (before != null && !before.equals(workflow))
        throw new IllegalArgumentException(
            "two different workflows registered as "
                + workflow.sources().workflowPath()
                + ": give each Java workflow a name of its own");
      return this;
    }

    public Builder secrets(Secrets secrets) {
      this.secrets = secrets;
      return this;
    }

    /** Where inboxes and other working files live (default {@code .baton}). */
    public Builder stateDir(Path dir) {
      this.stateDir = dir;
      return this;
    }

    public Builder leaseTtl(Duration ttl) {
      this.leaseTtl = ttl;
      return this;
    }

    /** How often commands from other processes (decisions, cancels) are looked for. */
    public Builder commandPoll(Duration every) {
      this.commandPoll = every;
      return this;
    }

    public Builder loader(WorkflowLoader loader) {
      this.loader = loader;
      return this;
    }

    /**
     * How the meta agent re-plans failed phases (default: {@link
     * dev.baton.meta.DeterministicMetaPolicy}).
     */
    public Builder metaPolicy(MetaPolicy policy) {
      this.metaPolicy = policy;
      return this;
    }

    /**
     * Lets the meta agent compare reports with agents' profiles and learned examples by meaning
     * (e.g. {@code baton-embeddings}' local model). Without one, triage uses evidence and words.
     */
    public Builder embedder(TextEmbedder embedder) {
      this.embedder = Optional.of(embedder);
      return this;
    }

    /**
     * Below this confidence (0-1, default {@value dev.baton.meta.EvidenceTriager#ASK_BELOW}) the
     * meta agent asks a person who should lead instead of deciding; 0 never asks.
     */
    public Builder askBelow(double confidence) {
      if (confidence < 0 || confidence > 1)
        throw new IllegalArgumentException("askBelow is a confidence from 0 to 1");
      this.askBelow = confidence;
      return this;
    }

    /**
     * A running step with no status report for this long is flagged as stalled (an alert; it keeps
     * running).
     */
    public Builder stallAfter(Duration silence) {
      this.stallAfter = silence;
      return this;
    }

    /**
     * The name of this node among the processes sharing the store (docs/cluster.md): its leases,
     * claims and review ticks carry it, and {@code baton runs} shows which node executes a run.
     * Default: none, the host name stands for it.
     *
     * @throws IllegalArgumentException unless 1 to 64 letters, digits, {@code . _ : -}
     */
    public Builder node(String name) {
      this.owner = LeaseOwner.node(name);
      return this;
    }

    /**
     * Where new runs take their tuned estimates, budgets and routing from (docs/improvement.md;
     * default: the workflows as written). Each run records the values it starts with and keeps
     * them.
     */
    public Builder tuning(TuningSource source) {
      this.tuning = Objects.requireNonNull(source, "tuning");
      return this;
    }

    public Baton build() {
      return new Baton(this);
    }
  }
}
