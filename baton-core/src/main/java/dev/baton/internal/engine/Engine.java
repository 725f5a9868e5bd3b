package dev.baton.internal.engine;

import dev.baton.RunHandle;
import dev.baton.agent.Agent;
import dev.baton.agent.AgentFactory;
import dev.baton.agent.Secrets;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.journal.StoreSignal;
import dev.baton.meta.MetaPolicy;
import dev.baton.meta.Triager;
import dev.baton.run.RunState;
import dev.baton.store.JournalStore;
import dev.baton.store.memory.InMemoryResourceArbiter;
import dev.baton.tuning.TuningSource;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
      Triager triager,
      LeaseOwner owner) {}

  private final Config config;
  private final LeaseOwner owner;
  private final ExecutorService runExecutor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("baton-run-", 0).factory());
  private final ExecutorService agentExecutor =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("baton-agent-", 0).factory());
  private final ScheduledThreadPoolExecutor timers;
  private final ConcurrentHashMap<String, RunActor> actors = new ConcurrentHashMap<>();
  private final List<Consumer<List<JournalEntry>>> listeners = new CopyOnWriteArrayList<>();
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
  private final Performer performer;
  private final RunParts runParts;
  private final Starts starts;

  public Engine(Config config) {
    this.owner = config.owner();
    this.config = config;
    this.failures = new Failures(successRates, config.metaPolicy(), config.store());
    this.triages =
        new Triages(
            config.metaPolicy(),
            config.triager(),
            config.store(),
            config.clock(),
            runExecutor,
            config.tuning());
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
    this.performer = new Performer(agents, branches, config.clock());
    this.runParts =
        new RunParts(
            config.store(),
            failures,
            resources,
            agents,
            performer,
            triages,
            gaps,
            support,
            branches,
            successRates,
            this::schedule,
            config.stallAfter(),
            new RunParts.Host() {
              @Override
              public Executor executor() {
                return runExecutor;
              }

              @Override
              public Clock clock() {
                return config.clock();
              }

              @Override
              public void published(List<JournalEntry> entries) {
                Engine.this.published(entries);
              }

              @Override
              public void ended(RunActor run) {
                Engine.this.ended(run);
              }

              @Override
              public void finished(RunActor run) {
                Engine.this.finished(run);
              }
            });
    this.starts = new Starts(config, owner, runParts, actors);
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
    agents.inboxes().removeEmpty(actor.id);
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

  /** Runs executed here that another process holds the lease of, since when (timer thread). */
  private final Map<String, Instant> lostSince = new HashMap<>();

  private void renewLeases() {
    if (actors.isEmpty()) return;
    try {
      config.store().renewLeases(owner, config.clock().instant().plus(config.leaseTtl()));
      // Runs another process took over while this one was paused: whatever they record is
      // refused by the fence, which stops them; those with nothing to record are stopped here
      // once they have been seen lost for a lease's time.
      Set<String> lost = config.store().takenOver(actors.keySet(), owner);
      Instant now = config.clock().instant();
      lostSince.keySet().retainAll(lost);
      for (String run : lost) {
        Instant since = lostSince.computeIfAbsent(run, r -> now);
        RunActor a = actors.get(run);
        if (a != null && !since.plus(config.leaseTtl()).isAfter(now)) {
          lostSince.remove(run);
          a.send(() -> a.abandon("its lease was taken over by another process", null));
        }
      }
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
    agents.inboxes().close();
  }
}
