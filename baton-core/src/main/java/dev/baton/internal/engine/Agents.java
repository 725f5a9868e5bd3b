package dev.baton.internal.engine;

import dev.baton.BatonException;
import dev.baton.agent.Agent;
import dev.baton.agent.AgentFactory;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agent.Secrets;
import dev.baton.workflow.AgentSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The agents this process can run and where their work runs: finds or makes the agent a name stands
 * for (in-process agents first, then the run's definitions through the agent factories, the
 * built-in meta agent), runs work on virtual threads, and knows the folders agents use.
 */
final class Agents {
  private final List<AgentFactory> factories;
  private final Map<String, Agent> inProcess;
  private final Secrets secrets;
  private final Inboxes inboxes;
  private final Triages triages;
  private final ExecutorService agentExecutor;
  private final ConcurrentHashMap<String, Agent> agentCache = new ConcurrentHashMap<>();

  Agents(
      List<AgentFactory> factories,
      Map<String, Agent> inProcess,
      Secrets secrets,
      Path stateDir,
      Triages triages,
      ExecutorService agentExecutor) {
    this.factories = factories;
    this.inProcess = inProcess;
    this.secrets = secrets;
    this.inboxes = new Inboxes(stateDir);
    this.triages = triages;
    this.agentExecutor = agentExecutor;
  }

  /** The virtual threads agents' work runs on. */
  Executor executor() {
    return agentExecutor;
  }

  Secrets secrets() {
    return secrets;
  }

  Agent agentFor(RunActor run, String name) {
    if (AgentSpec.META.equals(name)) return new MetaAgent(run, triages);
    Agent a = inProcess.get(name);
    if (a != null) return a;
    AgentSpec spec = run.agents.get(name);
    if (spec == null) throw new BatonException("unknown agent '" + name + "'");
    return agentCache.computeIfAbsent(
        run.workflow.sources().workflowPath() + "#" + name, k -> create(spec));
  }

  Agent create(AgentSpec spec) {
    for (AgentFactory f : factories) {
      Optional<Agent> a = f.create(spec);
      if (a.isPresent()) return a.get();
    }
    throw new BatonException(
        "no executor for " + spec.kind().word() + " agent '" + spec.name() + "'");
  }

  /**
   * Runs an agent's work on a virtual thread, with its run, step and attempt in the MDC ({@link
   * LogContext}); {@code done} gets its outcome whatever happens: a throw becomes a failure whose
   * message has the secrets redacted, {@code null} a success.
   */
  void onAgentThread(
      Map<String, String> logContext, Callable<Outcome> work, Consumer<Outcome> done) {
    startOnAgentThread(logContext, () -> CompletableFuture.completedFuture(work.call()), done);
  }

  /**
   * As {@link #onAgentThread}, for work that returns while its outcome is still coming (an {@link
   * dev.baton.agent.AsyncAgent}): the virtual thread ends when {@code work} returns, and {@code
   * done} gets the outcome on the thread that completes the stage.
   */
  void startOnAgentThread(
      Map<String, String> logContext,
      Callable<? extends CompletionStage<Outcome>> work,
      Consumer<Outcome> done) {
    agentExecutor.execute(() -> LogContext.with(logContext, () -> start(work, done)));
  }

  private void start(Callable<? extends CompletionStage<Outcome>> work, Consumer<Outcome> done) {
    CompletionStage<Outcome> stage;
    try {
      stage = work.call();
      if (stage == null) throw new IllegalStateException("the agent returned no stage");
    } catch (Throwable t) {
      done.accept(failure(t));
      return;
    }
    stage.whenComplete(
        (o, t) -> done.accept(t != null ? failure(t) : o == null ? Outcome.succeeded(null) : o));
  }

  /** A throw as the attempt's failure, its message with the secrets redacted. */
  private Outcome failure(Throwable t) {
    if (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return Outcome.failed(
        secrets.redact(String.valueOf(t.getMessage() == null ? t : t.getMessage())));
  }

  /** The folder where answers to a step's support requests appear as {@code ID.json}. */
  Inboxes.Folder inbox(String run, String step) {
    return inboxes.folder(run, step);
  }

  /** The engine's inbox folders: a run's go when it ends, the spares when the engine closes. */
  Inboxes inboxes() {
    return inboxes;
  }

  /**
   * Performs a side task (support answer, merge task) on a virtual thread; {@code done} gets the
   * outcome.
   */
  void performSide(Agent agent, Handoff handoff, AttemptImpl attempt, Consumer<Outcome> done) {
    onAgentThread(
        LogContext.attempt(attempt.run(), attempt.step(), attempt.attempt()),
        () -> agent.perform(handoff, attempt),
        done);
  }

  /**
   * The folder of the workflow file: relative {@code check} and {@code rollback.run} commands start
   * there.
   */
  String workflowDir(RunActor run) {
    Path p = Path.of(run.workflow.sources().workflowPath()).toAbsolutePath().getParent();
    return p == null ? Path.of("").toAbsolutePath().toString() : p.toString();
  }
}
