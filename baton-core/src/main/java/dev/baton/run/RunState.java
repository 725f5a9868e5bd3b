package dev.baton.run;

import dev.baton.journal.Event;
import dev.baton.journal.Event.*;
import dev.baton.journal.HumanAction;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.ReplanDecision;
import dev.baton.journal.RollbackThen;
import dev.baton.journal.TaskCause;
import dev.baton.tuning.Tuning;
import dev.baton.workflow.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.*;

/**
 * A run's state: the fold of its journal. {@link #apply} depends on nothing but the state and the
 * entry (no clock, no I/O), so replaying a journal always yields the same state. Owned by one
 * thread at a time (the run's executor); readers get snapshots through the engine.
 */
public final class RunState {
  private final String id;
  private final List<String> phaseNames;
  private String workflow = "";
  private String priority = "normal";
  private Map<String, Object> inputs = Map.of();
  private Event.Definition definition;
  private Tuning tuning = Tuning.NONE;
  private RunStatus status = RunStatus.PENDING;
  private Instant startedAt;
  private Instant endedAt;
  private String primary;
  private int phaseIndex;
  private boolean phaseActive;
  private Instant phaseStartedAt;
  private int phaseRound;
  private final LinkedHashMap<String, StepState> steps = new LinkedHashMap<>();

  /**
   * {@link #stepsOf} by phase, read after every message; dropped when a phase is planned (steps
   * change only then).
   */
  private final Map<String, List<StepState>> stepsByPhase = new HashMap<>();

  private final List<String> findings = new ArrayList<>();
  private final LinkedHashMap<String, HumanTaskState> humanTasks = new LinkedHashMap<>();
  private final List<String> completionOrder = new ArrayList<>();

  /** Allocated by the first event about agents working together (most runs have none). */
  private Collaboration collaboration;

  private static final Collaboration NO_COLLABORATION = new Collaboration();
  private Duration budgetExtension = Duration.ZERO;
  private RollbackStarted rollback;
  private PhaseFailed phaseFailure;
  private long tokens;
  private double costUsd;
  private int failures;
  private String endReason;
  private long lastSeq;
  private Instant lastTime;

  /**
   * What most runs never need (replanning, rollbacks, spending, escalations): allocated by the
   * first event that does, so that a run's state stays small while it waits.
   */
  private static final class Rare {
    final Map<String, Integer> replans = new HashMap<>();
    final Set<Integer> firedRules = new HashSet<>();
    final Map<String, List<String>> extraConstraints = new HashMap<>();
    final Map<String, String> reassigned = new HashMap<>();
    final List<Replanned> amendments = new ArrayList<>();
    final Set<String> amendedSteps = new HashSet<>();
    final Set<String> compensationSkipped = new HashSet<>();
    final Set<String> skipRequested = new HashSet<>();
    final Set<String> budgetAlerts = new HashSet<>();
    final Map<String, Long> phaseTokens = new HashMap<>();
    final Map<String, Double> phaseCostUsd = new HashMap<>();
    final Set<String> spendAlerts = new HashSet<>();
  }

  /** Read only: a run without rare state reads these empty collections. */
  private static final Rare NONE = new Rare();

  private Rare rare;

  /** The rare state, for an event to change. */
  private Rare rare() {
    if (rare == null) rare = new Rare();
    return rare;
  }

  /** The rare state, to read (never to change). */
  private Rare read() {
    return rare == null ? NONE : rare;
  }

  public RunState(String id, List<String> phaseNames) {
    this.id = id;
    this.phaseNames = List.copyOf(phaseNames);
  }

  /** The state after {@code entries}, for readers that do not have the workflow at hand. */
  public static RunState replay(String id, List<JournalEntry> entries) {
    List<String> phases = new ArrayList<>();
    for (JournalEntry e : entries) {
      if (e.event() instanceof PhaseStarted p && !phases.contains(p.phase())) phases.add(p.phase());
    }
    RunState s = new RunState(id, phases);
    entries.forEach(s::apply);
    return s;
  }

  /** Folds one entry into the state. Throws when the journal breaks a lifecycle table. */
  public void apply(JournalEntry entry) {
    if (entry.seq() != lastSeq + 1) {
      throw new IllegalStateException(
          "run " + id + ": expected seq " + (lastSeq + 1) + " but got " + entry.seq());
    }
    Event e = entry.event();
    if (RunLifecycle.governs(e.getClass())) {
      status =
          RunLifecycle.next(status, e.getClass())
              .orElseThrow(() ->
                  new IllegalStateException(
                      "run " + id + ": " + e.type() + " not allowed in " + status));
    }
    Instant t = entry.time();
    if (collaboration == null && Collaboration.concerns(e)) collaboration = new Collaboration();
    if (collaboration != null) collaboration.apply(e);
    switch (e) {
      case RunStarted s -> {
        workflow = s.workflow();
        priority = s.priority();
        inputs = s.inputs() == null ? Map.of() : s.inputs();
        definition = s.definition();
        startedAt = t;
      }
      case ConfigurationApplied c -> tuning = Tuning.of(c);
      case RunSucceeded s -> end(t, "succeeded");
      case RunFailed f -> end(t, f.reason());
      case RunRolledBack r -> end(t, r.reason());
      case RunCancelled c -> end(t, c.reason());
      case PhaseStarted p -> startPhase(p, t);
      case PhaseSucceeded p -> {
        phaseActive = false;
        phaseIndex = phaseNames.indexOf(p.phase()) + 1;
      }
      case PhaseFailed p -> {
        phaseActive = false;
        phaseFailure = p;
      }
      case PhaseBudgetExceeded p -> rare().budgetAlerts.add(p.phase() + "#" + phaseRound);
      case RollbackStarted r -> {
        rollback = r;
        rare().compensationSkipped.clear();
      }
      case CompensationFailed c -> {}
      case StepQueued q -> step(q.step(), e).agent = q.agent();
      case StepStarted s -> {
        StepState st = step(s.step(), e);
        st.agent = s.agent();
        st.attempt = s.attempt();
        st.startedAt = t;
        st.task = s.task();
        st.notBefore = null;
        st.error = null;
        st.progress = null;
        st.finishedAt = null;
      }
      case StepSucceeded s -> {
        StepState st = step(s.step(), e);
        st.output = s.output();
        st.durationMillis = s.durationMillis();
        st.finishedAt = t;
        st.handoff = null; // only a running step's attempt is restarted with its handoff
        completionOrder.add(s.step());
      }
      case StepFailed f -> failed(step(f.step(), e), f.error(), f.durationMillis(), t);
      case StepTimedOut f -> failed(step(f.step(), e), f.error(), f.durationMillis(), t);
      case StepSkipped s -> {
        step(s.step(), e).finishedAt = t;
        if (rollback != null
            && rollback.then() == RollbackThen.SKIP
            && s.step().equals(rollback.step())) rollback = null;
      }
      case StepCancelled c -> step(c.step(), e).finishedAt = t;
      case StepPreempted p ->
          step(p.step(), e).roundStart++; // a preemption is not a failure: it spends no retry
      case StepRetrying r -> step(r.step(), e).notBefore = t.plusMillis(r.delayMillis());
      case HandoffSent h -> steps.get(h.step()).handoff = compact(h.handoff());
      case StatusReported s -> {
        StepState st = steps.get(s.step());
        if (st != null) {
          st.lastStatus = s.status();
          if (s.progress() != null) st.progress = s.progress();
        }
      }
      case HandoffNotes n -> {
        StepState st = steps.get(n.step());
        if (st != null) st.notes = n.notes();
      }
      case FindingReported f -> {
        if (f.tags() != null)
          for (String tag : f.tags()) if (!findings.contains(tag)) findings.add(tag);
      }
      case StepCompensated c -> {
        StepState st = step(c.step(), e);
        st.compensated = true;
      }
      case RunResumed r -> {}
      case Replanned r -> {
        rare().replans.merge(r.phase(), 1, Integer::sum);
        rollback = null;
        if (r.decision() == ReplanDecision.SKIP && r.step() != null)
          rare().skipRequested.add(r.step());
        if (r.decision() == ReplanDecision.AMEND && r.amended() != null) {
          rare().amendments.add(r);
          for (PlannedStep ps : r.amended()) rare().amendedSteps.add(ps.id());
        }
        if (r.step() != null
            && r.reason() != null
            && (r.decision() == ReplanDecision.RETRY || r.decision() == ReplanDecision.AMEND)) {
          rare()
              .extraConstraints
              .computeIfAbsent(r.step(), k -> new ArrayList<>())
              .add("Previous attempt failed: " + r.reason());
        }
        if (r.step() != null && r.agent() != null && r.decision() == ReplanDecision.REASSIGN)
          rare().reassigned.put(r.step(), r.agent());
      }
      case StepHandedOver h -> rare().reassigned.put(h.step(), h.to());
      case Escalated x -> rare().firedRules.add(x.rule());
      case PrimaryAssigned p -> primary = p.agent();
      case HumanTaskOpened h ->
          humanTasks.put(
              h.task(),
              new HumanTaskState(
                  h.task(),
                  h.kind(),
                  h.question(),
                  h.options(),
                  h.step(),
                  h.cause(),
                  h.blocking(),
                  t,
                  null,
                  null,
                  null));
      case HumanTaskResolved h -> {
        HumanTaskState old = humanTasks.get(h.task());
        if (old != null) {
          humanTasks.put(h.task(), old.resolved(h.decision(), h.note(), h.by()));
          // going on past a failed compensation: that step is left as it is
          if (old.cause() == TaskCause.COMPENSATION
              && (h.decision() == HumanAction.CONTINUE || h.decision() == HumanAction.APPROVE))
            rare().compensationSkipped.add(old.step());
        }
        if (h.decision() == HumanAction.CONTINUE && h.args() != null && !h.args().isEmpty()) {
          budgetExtension = budgetExtension.plus(Durations.parse(h.args().get(0)));
        }
      }
      // folded by Collaboration above, or kept only in the journal: no state of their own here
      case RunWaiting w -> {}
      case EstimateExceeded x -> {}
      case SupportRequested r -> {}
      case SupportAnswered a -> {}
      case KnowledgeGap g -> {}
      case AgentCreated a -> {}
      case ProtocolWarning w -> {}
      case ResourceWaiting w -> {}
      case ResourceAcquired a -> {}
      case ResourceReleased r -> {}
      case BranchMerged m -> {}
      case MergeConflict m -> {}
      case AlertRaised a -> {}
      case AlertResolved a -> {}
      case FeedbackRecorded f -> {}
      case LlmCalled c -> {
        long n = c.inputTokens() + c.outputTokens();
        tokens += n;
        costUsd += c.costUsd();
        StepState st = c.step() == null ? null : steps.get(c.step());
        if (st != null && st.phase() != null) {
          rare().phaseTokens.merge(st.phase(), n, Long::sum);
          rare().phaseCostUsd.merge(st.phase(), c.costUsd(), Double::sum);
        }
      }
      case BudgetExceeded b -> rare().spendAlerts.add(b.phase() == null ? "" : b.phase());
      // the improvement journals' events: never in a run's journal
      case ReviewStarted r -> {}
      case ReviewFinished r -> {}
      case ConfigurationChanged c -> {}
      case ProposalOpened p -> {}
      case ProposalApplied p -> {}
      case ProposalDeferred p -> {}
      case ExampleLearned x -> {}
      case ExampleRemoved x -> {}
      case TokenCreated x -> {}
      case TokenRevoked x -> {}
    }
    lastSeq = entry.seq();
    lastTime = t;
  }

  private void end(Instant t, String reason) {
    rollback = null;
    endedAt = t;
    endReason = reason;
  }

  private void failed(StepState st, String error, long duration, Instant t) {
    st.error = error;
    st.durationMillis = duration;
    st.finishedAt = t;
    st.handoff = null;
    failures++;
  }

  private void startPhase(PhaseStarted p, Instant t) {
    stepsByPhase.clear();
    phaseIndex = phaseNames.indexOf(p.phase());
    phaseActive = true;
    phaseFailure = null;
    rollback = null;
    phaseStartedAt = t;
    phaseRound = p.round();
    int order = 0;
    for (PlannedStep ps : p.steps()) {
      StepState old = steps.get(ps.id());
      boolean keep = old != null && old.status == StepStatus.SUCCEEDED && !old.compensated;
      if (keep) continue;
      StepState fresh =
          new StepState(ps.id(), ps.template(), p.phase(), order++, ps.agent(), ps.item());
      if (old != null) {
        // attempt numbers keep counting across rounds, so that idempotency keys never repeat
        fresh.attempt = old.attempt;
        fresh.roundStart = old.attempt;
      }
      steps.put(ps.id(), fresh);
    }
    int o = 0;
    for (PlannedStep ps : p.steps()) steps.get(ps.id()).orderFix(o++);
  }

  private StepState step(String stepId, Event e) {
    StepState st = steps.get(stepId);
    if (st == null)
      throw new IllegalStateException(
          "run " + id + ": " + e.type() + " for unknown step " + stepId);
    st.status =
        StepLifecycle.next(st.status, e.getClass())
            .orElseThrow(() ->
                new IllegalStateException(
                    "run "
                        + id
                        + ": "
                        + e.type()
                        + " not allowed for step "
                        + stepId
                        + " in "
                        + st.status));
    return st;
  }

  // ---- reading --------------------------------------------------------------------------------

  public String id() {
    return id;
  }

  public String workflow() {
    return workflow;
  }

  public String priority() {
    return priority;
  }

  public Map<String, Object> inputs() {
    return inputs;
  }

  /**
   * The tuned values the run started with ({@link dev.baton.tuning.Tuning#NONE} when none): its
   * configuration version, estimates, budgets and routing preferences.
   */
  public Tuning tuning() {
    return tuning;
  }

  public Optional<Event.Definition> definition() {
    return Optional.ofNullable(definition);
  }

  public RunStatus status() {
    return status;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Optional<Instant> endedAt() {
    return Optional.ofNullable(endedAt);
  }

  public Optional<String> endReason() {
    return Optional.ofNullable(endReason);
  }

  public Optional<String> primary() {
    return Optional.ofNullable(primary);
  }

  /** Index of the current phase (when active) or of the next one to start. */
  public int phaseIndex() {
    return phaseIndex;
  }

  public boolean phaseActive() {
    return phaseActive;
  }

  public Instant phaseStartedAt() {
    return phaseStartedAt;
  }

  public int phaseRound() {
    return phaseRound;
  }

  public Optional<String> currentPhase() {
    return phaseIndex < phaseNames.size()
        ? Optional.of(phaseNames.get(phaseIndex))
        : Optional.empty();
  }

  public int replans(String phase) {
    return read().replans.getOrDefault(phase, 0);
  }

  public int totalReplans() {
    return read().replans.values().stream().mapToInt(Integer::intValue).sum();
  }

  public Collection<StepState> steps() {
    return Collections.unmodifiableCollection(steps.values());
  }

  public Optional<StepState> step(String stepId) {
    return Optional.ofNullable(steps.get(stepId));
  }

  public List<StepState> stepsOf(String phase) {
    List<StepState> cached = stepsByPhase.get(phase);
    if (cached != null) return cached;
    List<StepState> out = new ArrayList<>();
    for (StepState s : steps.values()) if (s.phase.equals(phase)) out.add(s);
    out.sort(Comparator.comparingInt(StepState::order));
    stepsByPhase.put(phase, Collections.unmodifiableList(out));
    return stepsByPhase.get(phase);
  }

  public List<String> findings() {
    return Collections.unmodifiableList(findings);
  }

  public boolean fired(int rule) {
    return read().firedRules.contains(rule);
  }

  public Collection<HumanTaskState> humanTasks() {
    return Collections.unmodifiableCollection(humanTasks.values());
  }

  public List<HumanTaskState> openHumanTasks() {
    if (humanTasks.isEmpty()) return List.of();
    return humanTasks.values().stream().filter(HumanTaskState::open).toList();
  }

  public List<String> extraConstraints(String step) {
    return read().extraConstraints.getOrDefault(step, List.of());
  }

  /**
   * The meta agent's {@code amend} decisions, in order: each inserted its steps into its phase
   * before the step that failed (docs/meta-agent.md#amending-the-plan).
   */
  public List<Replanned> amendments() {
    return Collections.unmodifiableList(read().amendments);
  }

  /** True for a step the meta agent inserted by an {@code amend} decision. */
  public boolean inserted(String step) {
    return read().amendedSteps.contains(step);
  }

  public Optional<String> reassignedAgent(String step) {
    return Optional.ofNullable(read().reassigned.get(step));
  }

  /** Ids of succeeded steps in the order they completed. */
  public List<String> completionOrder() {
    return Collections.unmodifiableList(completionOrder);
  }

  public Duration budgetExtension() {
    return budgetExtension;
  }

  /**
   * The compensation in progress, if any: its steps not yet compensated are {@link
   * #compensationsLeft()}.
   */
  public Optional<RollbackStarted> rollback() {
    return Optional.ofNullable(rollback);
  }

  public List<String> compensationsLeft() {
    if (rollback == null) return List.of();
    List<String> left = new ArrayList<>();
    for (String id : rollback.steps()) {
      StepState st = steps.get(id);
      if (st != null && !st.compensated && !read().compensationSkipped.contains(id)) left.add(id);
    }
    return left;
  }

  public boolean skipRequested(String step) {
    return read().skipRequested.contains(step);
  }

  /** The last failure of a phase, while the phase has not started again. */
  public Optional<PhaseFailed> phaseFailure() {
    return Optional.ofNullable(phaseFailure);
  }

  /** Tokens (input and output) the run's chat-model calls used so far. */
  public long tokens() {
    return tokens;
  }

  /** What the run's chat-model calls cost so far, in US dollars (from the agents' price). */
  public double costUsd() {
    return costUsd;
  }

  /** Tokens used by the steps of {@code phase}, in all its rounds. */
  public long tokens(String phase) {
    return read().phaseTokens.getOrDefault(phase, 0L);
  }

  /** What the steps of {@code phase} cost, in all its rounds. */
  public double costUsd(String phase) {
    return read().phaseCostUsd.getOrDefault(phase, 0.0);
  }

  /** True once the spending budget of {@code phase} (null: the run's) was reported crossed. */
  public boolean spendAlerted(String phase) {
    return read().spendAlerts.contains(phase == null ? "" : phase);
  }

  public boolean budgetAlerted(String phase, int round) {
    return read().budgetAlerts.contains(phase + "#" + round);
  }

  /** Support requests and their answers, merged branches (docs/conflicts.md). */
  public Collaboration collaboration() {
    return collaboration == null ? NO_COLLABORATION : collaboration;
  }

  public int failures() {
    return failures;
  }

  public long lastSeq() {
    return lastSeq;
  }

  public Instant lastTime() {
    return lastTime;
  }

  /**
   * An immutable, compact copy of a JSON-shaped map ({@code Map.copyOf}, nested maps too): a
   * running step keeps its handoff for as long as it runs, so its size is memory per waiting run. A
   * map holding a null is kept as it is.
   */
  @SuppressWarnings("unchecked")
  static <K, V> Map<K, V> compact(Map<K, V> map) {
    if (map == null) return null;
    Map.Entry<?, ?>[] copy = new Map.Entry<?, ?>[map.size()];
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (e.getKey() == null || v == null || i == copy.length) return map;
      copy[i++] = Map.entry(e.getKey(), v instanceof Map<?, ?> m ? compact(m) : v);
    }
    if (i < copy.length) return map;
    return (Map<K, V>) Map.ofEntries(copy);
  }
}
