package dev.baton.internal.engine;

import dev.baton.BatonException;
import dev.baton.agent.Answer;
import dev.baton.journal.Event;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.JournalWriteException;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.ReplanDecision;
import dev.baton.run.RunState;
import dev.baton.run.RunSummary;
import dev.baton.store.RunJournal;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Priority;
import dev.baton.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run in this process. Every message runs on the run's {@link Mailbox}; decisions become events
 * that are applied to the state at once and appended to the journal; their effects (starting an
 * agent, arming a timer) run only after the commit, so nothing happens that the journal does not
 * know.
 */
final class RunActor {
  private static final Logger log = LoggerFactory.getLogger(RunActor.class);

  final RunParts parts;
  final String id;

  /**
   * The workflow as written with the meta agent's amendments applied (see {@link Amendments});
   * replaced only when an {@code amend} decision is emitted.
   */
  Workflow workflow;

  final RunState state;
  final Mailbox mailbox;

  /**
   * Every agent the run's steps may use: the workflow's (shared with every run of it) until the run
   * creates a specialist ({@link #addAgent}), then a copy of its own.
   */
  Map<String, AgentSpec> agents;

  final Map<String, InFlight> inflight = new HashMap<>();
  final Set<String> waitingForSlot = new HashSet<>();

  /**
   * Claims of attempts that ended, released with the run's next claim or once its messages are
   * decided ({@link Resources#release}); read by another thread only when the run is forgotten.
   */
  final Queue<String> releasing = new ConcurrentLinkedQueue<>();

  final Set<String> wakeups = new HashSet<>();
  final Set<Integer> warnedRules = new HashSet<>();

  /** Attempts waiting for people's answers, by human task (see {@link HumanTasks#ask}). */
  final Map<String, List<CompletableFuture<Answer>>> questions = new HashMap<>();

  /** Commands applied already: one can arrive both directly and by the store's poll. */
  final Set<Long> commandsApplied = new HashSet<>();

  boolean ticking;
  final CompletableFuture<RunState> completion = new CompletableFuture<>();
  final Progress progress;
  final Attempts attempts;
  private final List<JournalEntry> staged = new ArrayList<>();
  private final List<Runnable> effects = new ArrayList<>();
  private boolean abandoned;
  private int appending;

  /** A message has run since the last flush: the mailbox flushes once it is idle. */
  private boolean decided;

  /** Staged events past which a drain flushes without waiting for its mailbox to be idle. */
  private static final int FLUSH_AT = 256;

  /**
   * The summary the last append carried: an append carries the run's summary only when it changed
   * (the store keeps it in the run's row), so most appends touch only the journal.
   */
  private RunSummary summarised;

  /**
   * A new run's creation, until its first append is committed: that append takes the run's lease
   * and carries its first events with whatever the first step of progress stages (the first phase's
   * start and its steps'), so a run starts with one commit instead of two.
   */
  private Creation creation;

  private record Creation(LeaseOwner owner, Instant until, CompletableFuture<Boolean> created) {}

  RunActor(RunParts parts, String id, Workflow workflow, RunState state) {
    this.parts = parts;
    this.id = id;
    this.workflow = Amendments.applyAll(workflow, state);
    this.state = state;
    this.mailbox = new Mailbox(parts.host().executor(), this::crashed, this::flushIfDecided, id);
    this.agents = workflow.agents();
    parts.gaps().restore(this); // conflicts: specialists created by earlier runs
    this.progress = new Progress(this);
    this.attempts = new Attempts(this);
  }

  /**
   * Creates the run in the store with {@code firsts} (already applied to its state) and whatever
   * its first step of progress stages, in one commit that also takes its lease for {@code owner}
   * until {@code until}. Completes with true once committed, false when the run's id exists in the
   * store already (nothing of this run is then written or started).
   */
  CompletableFuture<Boolean> create(List<JournalEntry> firsts, LeaseOwner owner, Instant until) {
    CompletableFuture<Boolean> created = new CompletableFuture<>();
    mailbox.send(() -> {
      creation = new Creation(owner, until, created);
      staged.addAll(firsts);
      flush();
    });
    return created;
  }

  /** Adds an agent (a specialist the run created) to those its steps may use. */
  void addAgent(String name, AgentSpec spec) {
    if (!(agents instanceof LinkedHashMap)) agents = new LinkedHashMap<>(agents);
    agents.put(name, spec);
  }

  /** True on the thread running this run's messages, while it does. */
  boolean onItsThread() {
    return mailbox.onItsThread();
  }

  void send(Runnable message) {
    // a message from an attempt's thread (an outcome, a report) is about that step: its log lines
    // say so; messages the run sends itself are about the run only
    Map<String, String> step = mailbox.onItsThread() ? Map.of() : LogContext.stepOfThisThread();
    mailbox.send(() -> {
      if (abandoned) return;
      int before = staged.size();
      try {
        LogContext.with(step, message);
      } catch (RuntimeException | Error e) {
        keep(before, e); // the run stops; what the messages before this one decided is recorded
        throw e;
      }
      decided = true;
      // a flood of messages (an agent printing report lines without a pause) is recorded as it
      // comes, not only once the mailbox is idle
      if (staged.size() >= FLUSH_AT) flushIfDecided();
    });
  }

  /**
   * Appends the first {@code count} staged events alone, without their effects, for a run that is
   * about to stop: a message (or the decision after them) failed, but what the messages before it
   * in the same drain decided is sound. A resume continues from there. An append that cannot even
   * be submitted is added to {@code failure}, which stays the run's reason to stop.
   */
  private void keep(int count, Throwable failure) {
    if (count == 0 || creation != null || abandoned) return;
    List<JournalEntry> entries = List.copyOf(staged.subList(0, count));
    staged.subList(0, count).clear();
    try {
      var unused = parts.journal().append(new RunJournal.Append(id, entries, null));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  Instant now() {
    return parts.host().clock().instant();
  }

  Priority priority() {
    return Priority.of(state.priority()).orElse(Priority.NORMAL);
  }

  /** Gives the answer to the attempts waiting for task {@code task}, once it is committed. */
  void answered(String task, Answer answer) {
    List<CompletableFuture<Answer>> waiting = questions.remove(task);
    if (waiting != null) afterCommit(() -> waiting.forEach(w -> w.complete(answer)));
  }

  /** Applies the event to the state now and stages it for the next append. */
  void emit(Event event) {
    JournalEntry entry = new JournalEntry(id, state.lastSeq() + 1, now(), event);
    state.apply(entry);
    staged.add(entry);
    if (event instanceof Event.Replanned r
        && r.decision() == ReplanDecision.AMEND
        && r.amended() != null) workflow = Amendments.apply(workflow, state, r);
  }

  /** Runs {@code effect} once the events staged so far are committed. */
  void afterCommit(Runnable effect) {
    effects.add(effect);
  }

  /**
   * Once the mailbox has run every message that was waiting: decides what follows them and appends
   * all they staged in one batch (results of parallel steps that arrive together make one append).
   */
  private void flushIfDecided() {
    if (!decided) return;
    decided = false;
    flush();
  }

  /** Decides what follows, then appends everything staged in one batch. */
  private void flush() {
    if (abandoned) {
      parts.resources().releaseDeferred(this);
      return;
    }
    int decidedByMessages = staged.size();
    try {
      progress.advance();
    } catch (RuntimeException | Error e) {
      keep(decidedByMessages, e); // the run stops; the messages' own events are recorded
      throw e;
    }
    // what the decisions did not release with a claim of their own
    parts.resources().releaseDeferred(this);
    if (staged.isEmpty()) {
      List<Runnable> now = List.copyOf(effects);
      effects.clear();
      now.forEach(Runnable::run);
      return;
    }
    List<JournalEntry> entries = List.copyOf(staged);
    List<Runnable> then = List.copyOf(effects);
    staged.clear();
    effects.clear();
    RunSummary current = summary();
    RunSummary summary = current.equals(summarised) ? null : current;
    summarised = current;
    appending++;
    Creation creating = creation;
    creation = null;
    RunJournal.Append append = new RunJournal.Append(id, entries, summary);
    // told on the store's writer thread, which only posts the outcome to this run's mailbox
    RunJournal.Committed committed =
        error ->
            mailbox.send(() -> {
              appending--;
              if (creating != null && refused(creating, error)) return;
              if (error != null) {
                // the journal holds everything before this append and nothing after it (the
                // store refuses later appends of this run): stop here, resumable from there
                abandon(
                    error instanceof JournalWriteException
                        ? error.getMessage()
                        : "journal append failed: " + error.getMessage(),
                    error);
                return;
              }
              parts.host().published(entries);
              for (Runnable effect : then) {
                try {
                  effect.run();
                } catch (RuntimeException e) {
                  log.error("run {}: effect failed", id, e);
                }
              }
              // the run ends once its last append is durable, not when an earlier one's commit
              // comes back
              if (state.status().finished() && staged.isEmpty() && appending == 0) finish();
              decided = true;
            });
    if (creating == null) parts.journal().append(append, committed);
    else parts.journal().create(append, creating.owner(), creating.until(), committed);
  }

  /**
   * Tells the start how the creating append went: true when the run's id exists already (this run
   * then stops here, having written and started nothing).
   */
  private boolean refused(Creation c, Throwable error) {
    Throwable cause = error; // a Committed is told the failure itself, never wrapped
    if (cause instanceof JournalConflictException) {
      c.created().complete(false);
      stop("run id taken", cause); // the slots and resources its first steps claimed go back
      return true;
    }
    if (error != null) c.created().completeExceptionally(cause);
    else c.created().complete(true);
    return false;
  }

  RunSummary summary() {
    return new RunSummary(
        id,
        state.workflow(),
        state.status(),
        state.priority(),
        state.primary(),
        state.startedAt() == null ? now() : state.startedAt(),
        state.endedAt());
  }

  private void finish() {
    if (completion.isDone()) return;
    inflight.values().forEach(f -> f.stop(InFlight.Stop.CANCEL, "run ended"));
    wakeups.clear();
    parts.host().ended(this);
    completion.complete(state);
  }

  /** Stops executing this run in this process (the journal keeps it for a later resume). */
  void abandon(String why, Throwable error) {
    if (abandoned) return;
    if (creation != null) {
      creation.created().completeExceptionally(error != null ? error : new BatonException(why));
      creation = null;
    }
    // one line, no stack trace (BATON_LOG_LEVEL=DEBUG has it); a failed write is also the run's
    // completion, which whoever awaits it reports, so it is logged at INFO only
    if (error instanceof JournalWriteException) log.info("run {} stopped: {}", id, why);
    else log.warn("run {} stopped: {}", id, why);
    if (error != null) log.debug("run {} stopped", id, error);
    stop("run abandoned", error != null ? error : new IllegalStateException(why));
  }

  /**
   * Stops the run here without recording anything more: its attempts are cancelled, its claims and
   * lease given back, its completion fails with {@code error}.
   */
  private void stop(String reason, Throwable error) {
    abandoned = true;
    staged.clear();
    effects.clear();
    inflight.values().forEach(f -> f.stop(InFlight.Stop.CANCEL, reason));
    parts.host().finished(this);
    completion.completeExceptionally(error);
  }

  /** The engine closes: stop this run's attempts here without recording anything more. */
  void detach() {
    abandoned = true;
    inflight.values().forEach(f -> f.stop(InFlight.Stop.CANCEL, "engine closed"));
    parts.host().finished(this);
    completion.completeExceptionally(
        new BatonException("engine closed before run " + id + " ended"));
  }

  private void crashed(Throwable t) {
    abandon("internal error: " + t, t);
  }

  Optional<AgentSpec> agent(String name) {
    return Optional.ofNullable(agents.get(name));
  }
}
