package dev.baton.monitoring;

import dev.baton.journal.Event;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.metrics.Alert;
import dev.baton.metrics.Alerts;
import dev.baton.metrics.Metrics;
import dev.baton.run.RunState;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and resolves alerts (docs/monitoring.md). Subscribed to committed journal batches ({@link
 * #listener()} for {@code Baton.subscribe}), it evaluates on a thread of its own: the agent rules
 * over the metrics of the window (one grouped read of the buckets), the run rules for the runs in
 * the batch. {@link #evaluate()} evaluates everything, which also resolves agent alerts whose
 * window has moved past their events; {@code baton alerts} calls it before listing.
 *
 * <p>Changes are appended to the {@link Alerts#STREAM alerts journal}: an alert is raised once (an
 * open alert with the same rule and subject keeps it), and resolved when its condition no longer
 * holds. Several processes may evaluate at once: whoever loses the race on the journal's seq reads
 * the new alerts and decides again. Sinks get the changes after they are committed.
 */
public final class AlertMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertMonitor.class);
  private static final int TRIES = 8;
  private static final List<JournalEntry> STOP = List.of();

  private final JournalStore store;
  private final Supplier<MonitoringConfig> config;
  private final List<AlertSink> sinks;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedBlockingQueue<List<JournalEntry>> batches = new LinkedBlockingQueue<>();
  private final Object idle = new Object();
  private Thread worker; // started with the first batch
  private long streamSeq; // guarded by lock
  private int inFlight; // guarded by idle

  public AlertMonitor(
      JournalStore store, MonitoringConfig config, List<AlertSink> sinks, Clock clock) {
    this(store, () -> config, sinks, clock);
  }

  /**
   * A monitor whose rules are read from {@code config} at each evaluation: thresholds changed while
   * it runs (an approved improvement proposal, docs/improvement.md) take effect at once.
   */
  public AlertMonitor(
      JournalStore store, Supplier<MonitoringConfig> config, List<AlertSink> sinks, Clock clock) {
    this.store = store;
    this.config = config;
    this.sinks = List.copyOf(sinks);
    this.clock = clock;
  }

  /** A monitor with the sinks {@code config} names. */
  public static AlertMonitor create(JournalStore store, MonitoringConfig config, Clock clock) {
    return create(store, () -> config, clock);
  }

  /** A monitor with the sinks {@code config} names, its rules read at each evaluation. */
  public static AlertMonitor create(
      JournalStore store, Supplier<MonitoringConfig> config, Clock clock) {
    List<AlertSink> sinks = new ArrayList<>();
    for (MonitoringConfig.SinkSettings s : config.get().sinks()) {
      sinks.add(
          switch (s) {
            case MonitoringConfig.SinkSettings.Log l -> new LogSink();
            case MonitoringConfig.SinkSettings.Webhook w -> new WebhookSink(w);
          });
    }
    return new AlertMonitor(store, config, sinks, clock);
  }

  /** For {@code Baton.subscribe}: queues the batch and returns at once. */
  public Consumer<List<JournalEntry>> listener() {
    return this::committed;
  }

  public void committed(List<JournalEntry> batch) {
    if (batch.isEmpty() || !relevant(batch)) return;
    synchronized (idle) {
      inFlight++;
      if (worker == null) worker = Thread.ofVirtual().name("baton-alert-monitor").start(this::work);
    }
    batches.add(batch);
  }

  /** Waits until every batch handed to {@link #committed} has been evaluated (tests, shutdown). */
  public void awaitIdle() throws InterruptedException {
    synchronized (idle) {
      while (inFlight > 0) idle.wait();
    }
  }

  /** Evaluates every rule for every subject now; returns the changes made. */
  public List<AlertNotice> evaluate() {
    return evaluate(List.of(), true);
  }

  /** Evaluates the agent rules, and the run rules for the runs of {@code batch}. */
  public List<AlertNotice> evaluate(List<JournalEntry> batch) {
    return evaluate(batch, false);
  }

  @SuppressWarnings("ReferenceEquality") // STOP is a sentinel instance
  private void work() {
    while (true) {
      List<JournalEntry> batch;
      List<List<JournalEntry>> more = new ArrayList<>();
      try {
        batch = batches.take();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == STOP) return;
      batches.drainTo(more);
      boolean stop = more.remove(STOP);
      List<JournalEntry> all = new ArrayList<>(batch);
      more.forEach(all::addAll);
      try {
        evaluate(all, false);
      } catch (RuntimeException e) {
        LOG.warn("alert evaluation failed", e);
      } finally {
        synchronized (idle) {
          inFlight -= 1 + more.size();
          idle.notifyAll();
        }
      }
      if (stop) return;
    }
  }

  private List<AlertNotice> evaluate(List<JournalEntry> batch, boolean allRuns) {
    List<AlertNotice> notices;
    lock.lock();
    try {
      notices = decideAndAppend(batch, allRuns);
    } finally {
      lock.unlock();
    }
    for (AlertNotice n : notices) {
      for (AlertSink s : sinks) {
        try {
          s.send(n);
        } catch (RuntimeException e) {
          LOG.warn("alert sink {} failed", s.getClass().getSimpleName(), e);
        }
      }
    }
    return notices;
  }

  private List<AlertNotice> decideAndAppend(List<JournalEntry> batch, boolean allRuns) {
    for (int attempt = 1; ; attempt++) {
      for (JournalEntry e : store.read(Alerts.STREAM, streamSeq)) streamSeq = e.seq();
      Instant now = clock.instant();
      MonitoringConfig config = this.config.get();
      List<Alert> open = store.alerts().stream().filter(Alert::open).toList();
      Map<String, AlertCondition> holding = new LinkedHashMap<>();
      for (AlertCondition c :
          AgentRules.evaluate(store.metrics(Metrics.firstMinute(now, config.window())), config)) {
        holding.put(c.key(), c);
      }
      Set<String> runs = new HashSet<>();
      batch.forEach(e -> runs.add(e.run()));
      Map<String, Optional<RunState>> states = new HashMap<>();
      Set<String> keep = new HashSet<>();
      for (Alert a : open) {
        if (!RunRules.isRunRule(a.rule())) continue;
        String run = a.subject().run().orElse("");
        boolean inScope = allRuns || runs.contains(run);
        if (!inScope
            || state(states, run)
                .map(s -> RunRules.holds(a.rule(), a.subject(), a.raised(), s))
                .orElse(false)) {
          keep.add(AlertCondition.key(a.rule(), a.subject()));
        }
      }
      for (JournalEntry e : batch) {
        RunRules.trigger(e, config)
            .ifPresent(c -> {
              boolean holds =
                  state(states, e.run())
                      .map(s -> RunRules.holds(c.rule().id(), c.subject(), e.time(), s))
                      .orElse(false);
              if (holds) holding.putIfAbsent(c.key(), c);
            });
      }
      List<JournalEntry> entries = new ArrayList<>();
      List<AlertNotice> notices = new ArrayList<>();
      Set<String> openKeys = new HashSet<>();
      for (Alert a : open) {
        String key = AlertCondition.key(a.rule(), a.subject());
        openKeys.add(key);
        if (holding.containsKey(key) || keep.contains(key)) continue;
        long seq = streamSeq + entries.size() + 1;
        entries.add(
            new JournalEntry(
                Alerts.STREAM,
                seq,
                now,
                new Event.AlertResolved(a.id(), a.rule(), "condition cleared: " + a.message())));
        notices.add(new AlertNotice(AlertNotice.Change.RESOLVED, a.resolvedAt(now)));
      }
      for (AlertCondition c : holding.values()) {
        if (openKeys.contains(c.key())) continue;
        long seq = streamSeq + entries.size() + 1;
        String id = "A" + seq;
        Alert.Subject s = c.subject();
        Event.AlertRaised raised =
            new Event.AlertRaised(
                id,
                c.rule().id(),
                s.agent().orElse(null),
                s.taskType().orElse(null),
                c.value(),
                c.threshold(),
                c.message(),
                s.run().orElse(null),
                s.step().orElse(null));
        JournalEntry entry = new JournalEntry(Alerts.STREAM, seq, now, raised);
        entries.add(entry);
        notices.add(new AlertNotice(AlertNotice.Change.RAISED, Alerts.raised(entry, raised)));
      }
      if (entries.isEmpty()) return List.of();
      try {
        store.append(new RunJournal.Append(Alerts.STREAM, entries, null)).join();
        streamSeq = entries.getLast().seq();
        return notices;
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof JournalConflictException) || attempt == TRIES) throw e;
        // another process changed the alerts meanwhile: read what it did and decide again
      }
    }
  }

  private Optional<RunState> state(Map<String, Optional<RunState>> states, String run) {
    return states.computeIfAbsent(
        run,
        r -> {
          try {
            List<JournalEntry> journal = store.read(r, 0);
            return journal.isEmpty() ? Optional.empty() : Optional.of(RunState.replay(r, journal));
          } catch (RuntimeException e) {
            LOG.debug("cannot fold run {} for its alerts", r, e);
            return Optional.empty();
          }
        });
  }

  private static boolean relevant(List<JournalEntry> batch) {
    for (JournalEntry e : batch) {
      switch (e.event()) {
        case Event.StepSucceeded x -> {
          return true;
        }
        case Event.StepFailed x -> {
          return true;
        }
        case Event.StepTimedOut x -> {
          return true;
        }
        case Event.StepStarted x -> {
          return true;
        }
        case Event.StepCancelled x -> {
          return true;
        }
        case Event.StepPreempted x -> {
          return true;
        }
        case Event.KnowledgeGap x -> {
          return true;
        }
        case Event.Replanned x -> {
          return true;
        }
        case Event.Escalated x -> {
          return true;
        }
        case Event.FeedbackRecorded x -> {
          return true;
        }
        case Event.EstimateExceeded x -> {
          return true;
        }
        case Event.PhaseBudgetExceeded x -> {
          return true;
        }
        case Event.PhaseSucceeded x -> {
          return true;
        }
        case Event.PhaseFailed x -> {
          return true;
        }
        case Event.RunSucceeded x -> {
          return true;
        }
        case Event.RunFailed x -> {
          return true;
        }
        case Event.RunRolledBack x -> {
          return true;
        }
        case Event.RunCancelled x -> {
          return true;
        }
        default -> {}
      }
    }
    return false;
  }

  /** Evaluates what is queued, stops the worker and closes the sinks. */
  @Override
  public void close() {
    Thread w;
    synchronized (idle) {
      w = worker;
    }
    if (w != null) {
      batches.add(STOP);
      try {
        w.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sinks.forEach(AlertSink::close);
  }
}
