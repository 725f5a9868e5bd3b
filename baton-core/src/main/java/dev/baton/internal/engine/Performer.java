package dev.baton.internal.engine;

import dev.baton.BatonException;
import dev.baton.agent.Agent;
import dev.baton.agent.AsyncAgent;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.run.StepState;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.StepSpec;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Performs a step's attempts and its {@code success.check}: prepares the attempt (inbox, isolated
 * branch, the variables its templates read), runs it through {@link Agents} and reports the
 * outcome.
 */
final class Performer {
  private final Agents agents;
  private final Branches branches;
  private final Clock clock;

  Performer(Agents agents, Branches branches, Clock clock) {
    this.agents = agents;
    this.branches = branches;
    this.clock = clock;
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
    Inboxes.Folder inbox = agents.inbox(run.id, f.step);
    // conflicts: an isolation: branch step works in its own git worktree (Branches)
    Optional<Branches.Plan> isolation = compensating ? Optional.empty() : branches.plan(run, f);
    // per-attempt templates of command agents read the run's variables as they are now (the
    // actor's thread): a snapshot, never the live state
    Map<String, Object> variables =
        Variables.snapshot(
            run.state,
            run.workflow,
            clock.instant(),
            run.state.step(f.step).map(StepState::item).orElse(null));
    if (ownOutput != null) variables = withOutput(variables, f.step, ownOutput);
    Map<String, Object> vars = variables;
    agents.startOnAgentThread(
        LogContext.attempt(run.id, f.step, f.attempt),
        () -> {
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
                  agents.secrets(),
                  f.cancellation,
                  ws.env(),
                  ws.dir(),
                  vars);
          // an asynchronous agent holds no thread while it waits
          CompletionStage<Outcome> outcome =
              agent instanceof AsyncAgent async
                  ? async.start(handoff, attempt)
                  : CompletableFuture.completedFuture(agent.perform(handoff, attempt));
          if (outcome == null || ws.worktree() == null) return outcome;
          // the isolated work is committed (git) here when the outcome is in, or on a virtual
          // thread of its own when it comes later
          Function<Outcome, Outcome> commit =
              o -> branches.afterAttempt(ws, f, o == null ? Outcome.succeeded(null) : o);
          return outcome.toCompletableFuture().isDone()
              ? outcome.thenApply(commit)
              : outcome.thenApplyAsync(commit, agents.executor());
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
}
