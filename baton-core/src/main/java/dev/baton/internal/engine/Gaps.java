package dev.baton.internal.engine;

import dev.baton.journal.CreatedAgent;
import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.run.HumanTaskState;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.store.JournalStore;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knowledge gaps (docs/conflicts.md): a step whose agent lacks a capability it requires, or whose
 * agent reports a gap ({@code @baton gap}), is handed to a capable agent — an agent of the run, a
 * specialist created earlier (kept by the store), or a new one the meta agent instantiates from a
 * {@code specialists} template ({@code AgentCreated}). With none of those, a person is asked (a
 * human task of kind {@code input}). Each hand-over is journaled ({@code StepHandedOver}); the step
 * then runs again with the new agent and the stop is not counted as its failure.
 */
final class Gaps {
  private static final Logger log = LoggerFactory.getLogger(Gaps.class);
  private final JournalStore store;
  private final SuccessRates successRates;
  private final Resources resources;
  private final HumanTasks tasks;

  Gaps(JournalStore store, SuccessRates successRates, Resources resources, HumanTasks tasks) {
    this.store = store;
    this.successRates = successRates;
    this.resources = resources;
    this.tasks = tasks;
  }

  /**
   * Adds the specialists created by earlier runs (from this workflow's templates) to the run's
   * agents.
   */
  void restore(RunActor run) {
    // only a workflow's own templates make specialists: without any, there is nothing to read
    if (run.workflow.specialists().isEmpty()) return;
    List<CreatedAgent> created;
    try {
      created = store.createdAgents();
    } catch (RuntimeException e) {
      log.warn("run {}: cannot read the created specialists", run.id, e);
      return;
    }
    for (CreatedAgent c : created) {
      if (run.agents.containsKey(c.name())) continue;
      template(run, c.template()).ifPresent(t -> run.addAgent(c.name(), named(t, c.name())));
    }
  }

  /**
   * Before a step starts: when the chosen agent lacks a capability the step {@code requires}, or
   * nobody was capable, returns the specialist to use instead (journaled). Opens a human task (and
   * the run waits) when nobody fits and no template does either; returns {@code chosen} unchanged
   * otherwise.
   */
  Optional<String> resolve(
      RunActor run, Phase phase, StepState st, StepSpec spec, Optional<String> chosen) {
    List<String> requires = spec.requires();
    if (requires.isEmpty() || askedAlready(run, st)) return chosen;
    if (chosen.isPresent()) {
      AgentSpec a = run.agents.get(chosen.get());
      if (a == null || a.kind() instanceof AgentSpec.Meta || a.capabilities().containsAll(requires))
        return chosen;
      List<String> missing = requires.stream().filter(c -> !a.has(c)).toList();
      String why = "agent '" + a.name() + "' lacks " + String.join(", ", missing);
      Optional<String> to = specialist(run, requires, a.name(), why);
      if (to.isPresent()) {
        run.emit(new Event.StepHandedOver(phase.name(), st.id(), a.name(), to.get(), why));
        return to;
      }
      askPerson(run, st, String.join(", ", missing), why);
      return chosen;
    }
    if (!Planner.ROUTED.equals(st.plannedAgent())) return chosen;
    String why = "no agent has the capabilities " + requires;
    Optional<String> to = specialist(run, requires, null, why);
    if (to.isPresent()) {
      run.emit(new Event.StepHandedOver(phase.name(), st.id(), AgentSpec.META, to.get(), why));
      return to;
    }
    askPerson(run, st, String.join(", ", requires), why);
    return chosen;
  }

  /**
   * An agent reported a gap while working: hand the step over (its attempt stops, not as a
   * failure).
   */
  void reported(RunActor run, InFlight f, String capability, String reason) {
    StepState st = run.state.step(f.step).orElse(null);
    if (st == null
        || st.status() != StepStatus.RUNNING
        || st.attempt() != f.attempt
        || run.inflight.get(f.step) != f) return;
    StepSpec spec = Progress.spec(run, st);
    Set<String> needed = new LinkedHashSet<>(spec.requires());
    if (capability != null && !capability.isBlank()) needed.add(capability);
    String why =
        "agent '"
            + f.agent
            + "' reported a gap"
            + (capability == null ? "" : " in " + capability)
            + (reason == null || reason.isBlank() ? "" : ": " + reason);
    Optional<String> to = specialist(run, List.copyOf(needed), f.agent, why);
    if (to.isEmpty()) {
      askPerson(run, st, capability == null ? "?" : capability, why);
      return;
    }
    run.emit(new Event.StepHandedOver(st.phase(), st.id(), f.agent, to.get(), why));
    f.stop(InFlight.Stop.PREEMPT, "handed over to '" + to.get() + "': " + why);
  }

  /**
   * A capable agent: one of the run's (best success rate, then least load), else one made from a
   * template.
   */
  private Optional<String> specialist(
      RunActor run, List<String> needed, String except, String why) {
    Optional<String> existing =
        run.agents.values().stream()
            .filter(a -> !(a.kind() instanceof AgentSpec.Meta) && !a.name().equals(except))
            .filter(a -> a.capabilities().containsAll(needed))
            .sorted(
                Comparator.comparingDouble((AgentSpec a) -> -successRates.rate(a.name()))
                    .thenComparingInt(a -> resources.localLoad(a.name()))
                    .thenComparing(AgentSpec::name))
            .map(AgentSpec::name)
            .findFirst();
    if (existing.isPresent()) return existing;
    for (AgentSpec t : run.workflow.specialists()) {
      if (!t.capabilities().containsAll(needed)) continue;
      String name = t.name();
      for (int i = 2; run.agents.containsKey(name); i++) name = t.name() + "-" + i;
      AgentSpec created = named(t, name);
      run.addAgent(name, created);
      run.emit(new Event.AgentCreated(name, t.name(), t.capabilities(), why));
      CreatedAgent record =
          new CreatedAgent(
              name, t.name(), t.role(), t.kind().word(), t.capabilities(), run.id, why, run.now());
      run.afterCommit(() -> {
        try {
          store.saveAgent(record);
        } catch (RuntimeException e) {
          log.warn("run {}: could not keep specialist {} for later runs", run.id, record.name(), e);
        }
      });
      return Optional.of(name);
    }
    return Optional.empty();
  }

  private void askPerson(RunActor run, StepState st, String capability, String why) {
    String task = Ids.gapTask(run.id, st.id());
    if (run.state.humanTasks().stream().anyMatch(h -> h.id().equals(task) && h.open())) return;
    String question =
        "Step "
            + st.id()
            + " needs "
            + capability
            + " and no agent or specialist template has it ("
            + why
            + "). Continue with the current agent, reassign the step, or abort?";
    tasks.open(
        run,
        task,
        TaskKind.INPUT,
        question,
        List.of(
            HumanAction.CONTINUE.word(),
            HumanAction.REASSIGN.usage("STEP", "AGENT"),
            HumanAction.ABORT.word()),
        st.id(),
        why,
        TaskCause.GAP,
        true);
  }

  private static boolean askedAlready(RunActor run, StepState st) {
    for (HumanTaskState h : run.state.humanTasks())
      if (h.cause() == TaskCause.GAP && st.id().equals(h.step())) return true;
    return false;
  }

  private static Optional<AgentSpec> template(RunActor run, String name) {
    return run.workflow.specialists().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  private static AgentSpec named(AgentSpec t, String name) {
    return new AgentSpec(name, t.role(), t.capabilities(), t.keywords(), t.capacity(), t.kind());
  }
}
