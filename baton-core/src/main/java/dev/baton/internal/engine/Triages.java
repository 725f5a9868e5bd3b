package dev.baton.internal.engine;

import dev.baton.agent.LlmCall;
import dev.baton.journal.JournalEntry;
import dev.baton.meta.Examples;
import dev.baton.meta.MetaPolicy;
import dev.baton.meta.Triage;
import dev.baton.meta.TriageExample;
import dev.baton.meta.TriageRequest;
import dev.baton.meta.Triager;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.store.JournalStore;
import dev.baton.tuning.TuningSource;
import dev.baton.workflow.AgentSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta agent's judgement in the engine: triage through the policy (with Baton's rules as its
 * fallback), the examples learned so far (read incrementally from the examples journal), and
 * learning a new one when a person or an escalation rule changes a triaged run's primary agent.
 */
final class Triages {
  private static final Logger log = LoggerFactory.getLogger(Triages.class);
  private final TuningSource tuning;
  private final MetaPolicy policy;
  private final Triager triager;
  private final JournalStore store;
  private final Clock clock;
  private final Executor executor;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<JournalEntry> journal = new ArrayList<>();

  Triages(
      MetaPolicy policy,
      Triager triager,
      JournalStore store,
      Clock clock,
      Executor executor,
      TuningSource tuning) {
    this.tuning = tuning;
    this.executor = executor;
    this.policy = policy;
    this.triager = triager;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Who should lead {@code report}, among the run's team (neither meta nor people); {@code calls}
   * hears of the meta agent's chat-model calls.
   */
  Triage triage(RunActor run, String report, Consumer<LlmCall> calls) {
    List<AgentSpec> team = new ArrayList<>();
    Map<String, List<String>> approved = profileKeywords();
    for (String name : run.workflow.team()) {
      AgentSpec a = run.agents.get(name);
      if (a == null || a.kind() instanceof AgentSpec.Meta || a.kind() instanceof AgentSpec.Human)
        continue;
      List<String> extra = approved.get(name);
      team.add(extra == null ? a : a.withKeywords(extra));
    }
    TriageRequest request =
        new TriageRequest(
            report, team, examples(), run.agents.getOrDefault(AgentSpec.META, AgentSpec.meta()));
    return policy.triage(request, triager, calls);
  }

  /** Keywords approved for the agents' profiles by the improvement cycle; none if unreadable. */
  private Map<String, List<String>> profileKeywords() {
    try {
      return tuning.profileKeywords();
    } catch (RuntimeException e) {
      log.warn("could not read the agents' approved keywords", e);
      return Map.of();
    }
  }

  /** The examples in force, reading only what was appended since the last call. */
  List<TriageExample> examples() {
    lock.lock();
    try {
      long after = journal.isEmpty() ? 0 : journal.getLast().seq();
      journal.addAll(store.read(Examples.STREAM, after));
      return Examples.fold(journal);
    } catch (RuntimeException e) {
      log.warn("could not read the meta agent's examples", e);
      return Examples.fold(journal);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The run's primary changed from what triage said: once the change is durable, the triaged report
   * and its new primary become an example.
   */
  void corrected(RunActor run, String agent, String reason) {
    Optional<String> report = report(run);
    if (report.isEmpty()) return;
    String runId = run.id;
    run.afterCommit(() ->
        executor.execute(() -> {
          try {
            Examples.learn(store, clock, report.get(), agent, reason, runId);
          } catch (RuntimeException e) {
            log.warn("run {}: could not record the correction as an example", runId, e);
          }
        }));
  }

  /** The task of the run's triage step (one that assigns the primary and succeeded). */
  static Optional<String> report(RunActor run) {
    for (StepState st : run.state.steps()) {
      if (st.status() != StepStatus.SUCCEEDED || st.task() == null) continue;
      if (run.workflow.step(st.template()).map(s -> s.assignsPrimary()).orElse(false))
        return Optional.of(st.task());
    }
    return Optional.empty();
  }
}
