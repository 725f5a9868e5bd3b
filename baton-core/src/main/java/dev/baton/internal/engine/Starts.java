package dev.baton.internal.engine;

import dev.baton.BatonException;
import dev.baton.RequestRefusedException;
import dev.baton.RunHandle;
import dev.baton.agent.Handoff;
import dev.baton.agent.Secrets;
import dev.baton.journal.Event;
import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.run.RunState;
import dev.baton.run.RunSummary;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.store.JournalStore;
import dev.baton.tuning.Tuning;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.InputSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Priority;
import dev.baton.workflow.Workflow;
import dev.baton.workflow.WorkflowCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Starting new runs and resuming unfinished ones (after a crash, or from another process): writes a
 * run's first events or replays its journal, takes its lease, and hands the run to a new {@link
 * RunActor}, which it registers among the engine's {@code actors}.
 */
final class Starts {
  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Ids name folders (inboxes, worktrees): far below the file system's 255 bytes a name. */
  static final int MAX_ID = 100;

  private final Engine.Config config;
  private final LeaseOwner owner;
  private final RunParts parts;
  private final Map<String, RunActor> actors;

  Starts(Engine.Config config, LeaseOwner owner, RunParts parts, Map<String, RunActor> actors) {
    this.config = config;
    this.owner = owner;
    this.parts = parts;
    this.actors = actors;
  }

  RunHandle start(Workflow wf, Map<String, String> given, Optional<String> requestedId) {
    WorkflowCheck.require(wf, config.inProcess().keySet());
    registerSecrets(wf);
    Map<String, Object> inputs = inputs(wf, given);
    if (requestedId.isPresent()) {
      String id = requestedId.get();
      return start(wf, inputs, id)
          .orElseThrow(
              () -> new RequestRefusedException("a run with id '" + id + "' already exists"));
    }
    for (int tries = 1; ; tries++) {
      Optional<RunHandle> started = start(wf, inputs, newId(wf));
      if (started.isPresent()) return started.get();
      if (tries == 5) throw new BatonException("could not find a free run id for " + wf.name());
    }
  }

  /**
   * The workflow's name, then the time in base 36, then four random characters. Ids that begin with
   * the time keep a run's rows beside those of the runs started just before it in the store's
   * indexes, so a commit touches few pages; a clash only costs another try.
   */
  private String newId(Workflow wf) {
    String random =
        Integer.toString(
            ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36) + 36 * 36 * 36 * 36, 36);
    return wf.name() + "-" + Long.toString(config.clock().millis(), 36) + random.substring(1);
  }

  /** Writes the run's first event and takes its lease in one commit; empty when the id is taken. */
  private Optional<dev.baton.RunHandle> start(Workflow wf, Map<String, Object> inputs, String id) {
    if (id.length() > MAX_ID)
      throw new dev.baton.RequestRefusedException(
          "run id is " + id.length() + " characters long; at most " + MAX_ID + " are allowed");
    if (!ID.matcher(id).matches())
      throw new RequestRefusedException(
          "run id '" + id + "' may hold letters, digits, '.', '_' and '-'");
    RunState state = new RunState(id, wf.phases().stream().map(Phase::name).toList());
    String priority = priority(wf, state, inputs);
    Workflow.Sources src = wf.sources();
    Event started =
        new Event.RunStarted(
            wf.name(),
            priority,
            inputs,
            new Event.Definition(
                src.workflowPath(),
                src.workflowText(),
                src.agentsPath().orElse(null),
                src.agentsText().orElse(null)));
    Instant now = config.clock().instant();
    List<JournalEntry> firsts = new ArrayList<>();
    firsts.add(new JournalEntry(id, 1, now, started));
    // improvement (docs/improvement.md): the run keeps the tuned values of the configuration it
    // starts with
    Tuning tuning = config.tuning().forWorkflow(wf.name());
    if (tuning.version() > 0 && !tuning.isEmpty())
      firsts.add(new JournalEntry(id, 2, now, tuning.event()));
    firsts.forEach(state::apply);
    wf = state.tuning().applyTo(wf);
    // The actor is registered before the commit: from the commit on, the run is unfinished in the
    // store, and a resume in this process (a server's sweep for runs nobody executes) finds this
    // actor instead of building a second one. Registered after, a resume could run the whole run
    // and end it before this start registered its own actor and ran it again.
    RunActor actor = new RunActor(parts, id, wf, state);
    if (actors.putIfAbsent(id, actor) != null) return Optional.empty();
    // one commit writes the first events (with the first phase's start) and takes the lease; an
    // existing id fails it with a conflict
    try {
      if (!actor.create(firsts, owner, now.plus(config.leaseTtl())).join()) {
        actors.remove(id, actor);
        return Optional.empty();
      }
    } catch (CompletionException e) {
      actors.remove(id, actor);
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } catch (RuntimeException e) {
      actors.remove(id, actor);
      throw e;
    }
    return Optional.of(new RunHandle(id, actor.completion));
  }

  CompletableFuture<RunState> resume(String id, Function<Event.Definition, Workflow> loader) {
    return resume(id, loader, false);
  }

  /**
   * {@code leased}: the caller took the lease of this unfinished run already (with many others at
   * once).
   */
  CompletableFuture<RunState> resume(
      String id, Function<Event.Definition, Workflow> loader, boolean leased) {
    JournalStore store = config.store();
    if (actors.containsKey(id)) return actors.get(id).completion;
    if (!leased) {
      RunSummary summary =
          store.run(id).orElseThrow(() -> new BatonException("no run with id '" + id + "'"));
      if (summary.state().finished())
        throw new BatonException("run " + id + " already ended " + summary.state());
      String holder =
          store.acquireLease(id, owner, config.clock().instant().plus(config.leaseTtl()));
      if (!holder.equals(owner.toString())) {
        throw new BatonException(
            "run " + id + " is being executed by another process (" + holder + ")");
      }
    }
    List<JournalEntry> entries = store.read(id, 0);
    if (entries.isEmpty() || !(entries.get(0).event() instanceof Event.RunStarted rs))
      throw new BatonException("run " + id + " has no RunStarted event");
    Workflow wf = loader.apply(rs.definition());
    registerSecrets(wf);
    RunState state = new RunState(id, wf.phases().stream().map(Phase::name).toList());
    entries.forEach(state::apply);
    wf = state.tuning().applyTo(wf);
    RunActor actor = new RunActor(parts, id, wf, state);
    // a start or another resume of this process may have registered the run meanwhile: one actor
    RunActor first = actors.putIfAbsent(id, actor);
    if (first != null) return first.completion;
    actor.send(() -> recover(actor));
    return actor.completion;
  }

  /**
   * Every secret the workflow's files (or its agents defined in Java) name is looked up before the
   * run does anything, so its value is redacted wherever it shows up: an agent may print a secret
   * that a later step's agent is the first to use.
   */
  private void registerSecrets(Workflow wf) {
    Secrets secrets = config.secrets();
    secrets.register(wf.sources().workflowText());
    wf.sources().agentsText().ifPresent(secrets::register);
    for (AgentSpec a : wf.agents().values()) {
      switch (a.kind()) {
        case AgentSpec.Command c -> {
          c.argv().forEach(secrets::register);
          c.env().values().forEach(secrets::register);
          c.workdir().ifPresent(secrets::register);
        }
        case AgentSpec.Llm l -> {
          l.apiKey().ifPresent(secrets::register);
          l.baseUrl().ifPresent(secrets::register);
        }
        case AgentSpec.Http h -> {
          secrets.register(h.url());
          h.token().ifPresent(secrets::register);
        }
        default -> {}
      }
    }
  }

  /**
   * Restarts the attempts that were running when the previous process stopped, with the same keys.
   */
  private void recover(RunActor run) {
    for (StepState st : run.state.steps()) {
      if (st.status() != StepStatus.RUNNING) continue;
      if (run.agent(st.agent()).map(a -> a.kind() instanceof AgentSpec.Human).orElse(false))
        continue;
      if (!run.parts.resources().recover(run, st)) continue;
      Handoff handoff = EventCodec.mapper().convertValue(st.handoff(), Handoff.class);
      run.attempts.launch(st.id(), st.attempt(), st.agent(), handoff);
    }
    run.parts.branches().recover(run);
    run.parts.support().recover(run);
    if (run.state.phaseActive()) {
      Phase phase = run.workflow.phases().get(run.state.phaseIndex());
      phase
          .budget()
          .ifPresent(b -> {
            Instant at = run.state.phaseStartedAt().plus(b);
            if (at.isAfter(run.now())) {
              var unused = run.parts.timers().schedule(at, () -> run.send(() -> {}));
            }
          });
    }
  }

  private static Map<String, Object> inputs(Workflow wf, Map<String, String> given) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : given.keySet()) {
      if (!wf.inputs().containsKey(k)) {
        throw new RequestRefusedException(
            "unknown input '" + k + "'; the workflow declares " + wf.inputs().keySet());
      }
    }
    for (InputSpec in : wf.inputs().values()) {
      String v = given.get(in.name());
      if (v == null) v = in.defaultValue().orElse(null);
      if (v == null && in.required())
        throw new RequestRefusedException(
            "missing required input '" + in.name() + "' (give it with -i " + in.name() + "=VALUE)");
      out.put(in.name(), v == null ? "" : v);
    }
    return out;
  }

  /**
   * The run's priority: a literal or CEL over the variables a run starts with (its inputs, its id).
   */
  private static String priority(Workflow wf, RunState state, Map<String, Object> inputs) {
    Map<String, Object> vars = new HashMap<>(Variables.of(state, wf, Instant.EPOCH, null));
    vars.put("inputs", inputs);
    Object p;
    try {
      p = wf.priority().evaluate(vars);
    } catch (RuntimeException e) {
      throw new BatonException("priority could not be evaluated: " + e.getMessage());
    }
    return Priority.of(String.valueOf(p))
        .map(Priority::word)
        .orElseThrow(() ->
            new BatonException("priority must be critical, high, normal or low, not '" + p + "'"));
  }
}
