package dev.baton.internal.engine;

import dev.baton.BatonException;
import dev.baton.RunHandle;
import dev.baton.agent.Agent;
import dev.baton.agent.AgentFactory;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agent.Secrets;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.journal.StoreSignal;
import dev.baton.meta.MetaPolicy;
import dev.baton.meta.Triager;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.store.JournalStore;
import dev.baton.store.memory.InMemoryResourceArbiter;
import dev.baton.tuning.TuningSource;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.*;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime behind {@code Baton}: holds the runs this process executes, their timers, leases and
 * the agents' capacity. Runs are {@link RunActor}s; waiting costs no thread.
 */
public final class Engine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  /** Everything the engine is built from; defaults live in {@code Baton.Builder}. */
  public record Config(
      JournalStore store,
      Clock clock,
      List<AgentFactory> factories,
      Map<String, Agent> inProcess,
      Secrets secrets,
      Path stateDir,
      Duration leaseTtl,
      Duration commandPoll,
      MetaPolicy metaPolicy,
      Duration stallAfter,
      TuningSource tuning,
      Triager triager) {}

  private final Config config;
  private final LeaseOwner owner = LeaseOwner.current();
  private final ExecutorService runExecutor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("baton-run-", 0).factory());
  private final ExecutorService agentExecutor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("baton-agent-", 0).factory());
  private final ScheduledThreadPoolExecutor timers;
  private final ConcurrentHashMap<String, RunActor> actors = new ConcurrentHashMap<>();
  private final List<Consumer<List<JournalEntry>>> listeners = new CopyOnWriteArrayList<>();
  private final Starts starts = new Starts(this);
  // the engine's parts, each given what it works with (built in this order in the constructor)
  private final SuccessRates successRates = new SuccessRates();
  private final Failures failures;
  private final Triages triages;
  private final Agents agents;
  // conflicts between agents (docs/conflicts.md): resources and slots, gaps, support, branches
  private final Resources resources;
  private final Gaps gaps;
  private final Support support;
  private final Branches branches;

  public Engine(Config config) {
    this.config = config;
    this.failures = new Failures(successRates, config.metaPolicy(), config.store());
    this.triages =
        new Triages(
            config.metaPolicy(), config.triager(), config.store(), config.clock(), runExecutor);
    this.agents =
        new Agents(
            config.factories(),
            config.inProcess(),
            config.secrets(),
            config.stateDir(),
            triages,
            agentExecutor);
    // claims that only in-process agents' slots are part of never leave this process (see
    // RoutingArbiter)
    this.resources =
        new Resources(
            new RoutingArbiter(
                new LocalSlots(),
                config.store().arbiter().orElseGet(InMemoryResourceArbiter::new),
                claim ->
                    claim.needs().stream()
                        .allMatch(
                            n -> n.isAgentSlot() && config.inProcess().containsKey(n.label()))),
            owner,
            config.clock(),
            config.leaseTtl(),
            config.commandPoll());
    this.gaps = new Gaps(config.store(), successRates, resources, failures.tasks());
    this.support = new Support(agents, resources, failures.tasks());
    this.branches = new Branches(agents, config.stateDir(), failures.tasks());
    listeners.add(successRates);
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "baton-timer");
              t.setDaemon(true);
              return t;
            });
    timers.setRemoveOnCancelPolicy(true);
    long renew = Math.max(100, config.leaseTtl().toMillis() / 3);
    var unusedRenewals =
        timers.scheduleWithFixedDelay(this::renewLeases, renew, renew, TimeUnit.MILLISECONDS);
    // Signals from the store wake command reads and claim waiters at once; where they cross
    // processes (PostgreSQL LISTEN/NOTIFY) the poll below is only a slower fallback.
    this.signals = config.store().listen(this::onSignal);
    long poll = config.commandPoll().toMillis();
    if (signals.crossProcess()) poll = Math.max(poll, SIGNALLED_POLL.toMillis());
    var unusedPolls =
        timers.scheduleWithFixedDelay(this::pollCommands, poll, poll, TimeUnit.MILLISECONDS);
  }

  private final StoreSignal.Subscription signals;

  /** How often commands are still read when the store signals them across processes. */
  private static final Duration SIGNALLED_POLL = Duration.ofSeconds(2);

  private void onSignal(StoreSignal signal) {
    switch (signal.kind()) {
      case COMMAND -> {
        if (signal.run() == null || actors.containsKey(signal.run())) {
          try {
            timers.execute(this::pollCommands);
          } catch (RejectedExecutionException closing) {
            // the engine is closing: nothing left to wake
          }
        }
      }
      case CLAIM -> resources.signal();
      case RUN -> {}
    }
  }

  // ---- public operations (through Baton) -------------------------------------------------------

  public RunHandle start(Workflow wf, Map<String, String> inputs, Optional<String> id) {
    return starts.start(wf, inputs, id);
  }

  public CompletableFuture<RunState> resume(
      String runId, Function<Event.Definition, Workflow> loader) {
    return starts.resume(runId, loader);
  }

  /**
   * Takes the leases of these unfinished runs in one go; returns those this engine may now resume.
   */
  public Set<String> claim(List<String> runs) {
    return config
        .store()
        .acquireLeases(runs, owner, config.clock().instant().plus(config.leaseTtl()));
  }

  /**
   * Resumes a run whose lease {@link #claim} took; when it cannot be resumed here, its lease is
   * handed back.
   */
  public CompletableFuture<RunState> resumeClaimed(
      String runId, Function<Event.Definition, Workflow> loader) {
    try {
      return starts.resume(runId, loader, true);
    } catch (RuntimeException e) {
      config.store().releaseLease(runId, owner);
      throw e;
    }
  }

  public void subscribe(Consumer<List<JournalEntry>> listener) {
    listeners.add(listener);
  }

  public List<String> activeRuns() {
    return List.copyOf(actors.keySet());
  }

  /**
   * A snapshot of a run: the fold of its committed journal, a state of its own that no other thread
   * changes (the state a run's actor owns never leaves its thread).
   */
  public Optional<RunState> snapshot(String run) {
    List<JournalEntry> entries = config.store().read(run, 0);
    if (entries.isEmpty()) return Optional.empty();
    RunActor a = actors.get(run);
    if (a == null) return Optional.of(RunState.replay(run, entries));
    RunState s = new RunState(run, a.workflow.phases().stream().map(Phase::name).toList());
    entries.forEach(s::apply);
    return Optional.of(s);
  }

  /** Applies a command (human decision, cancel) to a run executing here. */
  public void command(RunCommand command) {
    RunActor a = actors.get(command.run());
    if (a != null) a.send(() -> failures.command(a, command));
  }

  /** Steps holding a slot of {@code agent}, in every process on the store. */
  public int running(String agent) {
    return resources.running(agent);
  }

  /** Steps queued for a slot of {@code agent}, in every process on the store. */
  public int queued(String agent) {
    return resources.queued(agent);
  }

  // ---- for the engine's parts
  // --------------------------------------------------------------------

  Executor executor() {
    return runExecutor;
  }

  Clock clock() {
    return config.clock();
  }

  JournalStore store() {
    return config.store();
  }

  Resources resources() {
    return resources;
  }

  SuccessRates successRates() {
    return successRates;
  }

  Gaps gaps() {
    return gaps;
  }

  Support support() {
    return support;
  }

  Branches branches() {
    return branches;
  }

  Triages triages() {
    return triages;
  }

  Agents agents() {
    return agents;
  }

  Map<String, Agent> inProcess() {
    return config.inProcess();
  }

  Failures failures() {
    return failures;
  }

  LeaseOwner owner() {
    return owner;
  }

  Config config() {
    return config;
  }

  Map<String, RunActor> actors() {
    return actors;
  }

  Future<?> schedule(Instant at, Runnable r) {
    long delay = Math.max(0, Duration.between(config.clock().instant(), at).toMillis());
    return timers.schedule(r, delay, TimeUnit.MILLISECONDS);
  }

  void published(List<JournalEntry> entries) {
    for (Consumer<List<JournalEntry>> l : listeners) {
      try {
        l.accept(entries);
      } catch (RuntimeException e) {
        log.warn("journal listener failed", e);
      }
    }
  }

  /** A run ended here: the append that recorded its end also released its lease. */
  void ended(RunActor actor) {
    actors.remove(actor.id, actor);
    Inboxes.removeEmpty(config.stateDir().resolve("inbox").resolve(actor.id));
  }

  void finished(RunActor actor) {
    actors.remove(actor.id, actor);
    resources.forgetRun(actor);
    support.runEnded(actor);
    branches.runEnded(actor);
    try {
      config.store().releaseLease(actor.id, owner);
    } catch (RuntimeException e) {
      // the store fails (a full disk): the lease expires, or is taken over once this process ends
      log.info("run {}: could not release its lease: {}", actor.id, e.getMessage());
    }
  }

  /** Performs an attempt on a virtual thread; {@code done} gets the outcome, whatever happens. */
  void perform(
      RunActor run,
      InFlight f,
      Agent agent,
      Handoff handoff,
      boolean compensating,
      Consumer<Outcome> done) {
    perform(run, f, agent, handoff, compensating, null, done);
  }

  /**
   * As above; {@code ownOutput}, when not null, is the step's own output, not yet journaled, that
   * its {@code success.check} may read as {@code {{steps.ID.output…}}}.
   */
  private void perform(
      RunActor run,
      InFlight f,
      Agent agent,
      Handoff handoff,
      boolean compensating,
      Object ownOutput,
      Consumer<Outcome> done) {
    Path inbox = agents.inbox(run.id, f.step);
    // conflicts: an isolation: branch step works in its own git worktree (Branches)
    Optional<Branches.Plan> isolation = compensating ? Optional.empty() : branches.plan(run, f);
    // per-attempt templates of command agents read the run's variables as they are now (the
    // actor's thread): a snapshot, never the live state
    Map<String, Object> variables =
        Variables.of(
            run.state,
            run.workflow,
            config.clock().instant(),
            run.state.step(f.step).map(StepState::item).orElse(null));
    if (ownOutput != null) variables = withOutput(variables, f.step, ownOutput);
    Map<String, Object> vars = variables;
    agents.onAgentThread(
        () -> {
          Inboxes.prepare(inbox);
          Branches.Workspace ws = branches.prepare(isolation);
          AttemptImpl attempt =
              new AttemptImpl(
                  run.id,
                  f.step,
                  f.agent,
                  f.attempt,
                  compensating,
                  new AttemptReporter(run, f),
                  inbox,
                  config.secrets(),
                  f.cancellation,
                  ws.env(),
                  ws.dir(),
                  vars);
          Outcome o = agent.perform(handoff, attempt);
          return branches.afterAttempt(ws, f, o == null ? Outcome.succeeded(null) : o);
        },
        done);
  }

  /** Runs a step's {@code success.check} command after its agent succeeded. */
  void check(
      RunActor run, InFlight f, StepSpec spec, Outcome.Succeeded ok, Consumer<Outcome> done) {
    // the command agent renders the placeholders itself, once, from the attempt's variables
    List<String> argv = spec.success().check();
    AgentSpec check = AgentSpec.command(f.agent + "-check", argv, agents.workflowDir(run));
    Agent agent;
    try {
      agent = agents.create(check);
    } catch (BatonException e) {
      done.accept(Outcome.failed(e.getMessage()));
      return;
    }
    // the check runs before the step's success is journaled: it reads the step's own output here
    perform(run, f, agent, f.handoff, false, ok.output() == null ? "" : ok.output(), done);
  }

  /** A copy of {@code variables} where {@code steps.STEP.output} is {@code output}. */
  private static Map<String, Object> withOutput(
      Map<String, Object> variables, String step, Object output) {
    Map<String, Object> steps = new LinkedHashMap<>();
    if (variables.get("steps") instanceof Map<?, ?> all)
      all.forEach((k, v) -> steps.put(String.valueOf(k), v));
    Map<String, Object> mine = new LinkedHashMap<>();
    if (steps.get(step) instanceof Map<?, ?> m) m.forEach((k, v) -> mine.put(String.valueOf(k), v));
    mine.put("output", output);
    steps.put(step, mine);
    Map<String, Object> out = new HashMap<>(variables);
    out.put("steps", steps);
    return out;
  }

  private void renewLeases() {
    if (actors.isEmpty()) return;
    try {
      config.store().renewLeases(owner, config.clock().instant().plus(config.leaseTtl()));
    } catch (RuntimeException e) {
      log.warn("could not renew leases", e);
    }
  }

  private void pollCommands() {
    if (actors.isEmpty()) return;
    try {
      for (RunCommand c : config.store().pendingCommands(new ArrayList<>(actors.keySet())))
        command(c);
    } catch (RuntimeException e) {
      log.warn("could not read commands", e);
    }
  }

  @Override
  public void close() {
    signals.close();
    timers.shutdownNow();
    resources.close();
    for (RunActor a : actors.values()) a.detach();
    agentExecutor.shutdown();
    runExecutor.shutdown();
    try {
      agentExecutor.awaitTermination(10, TimeUnit.SECONDS);
      runExecutor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
