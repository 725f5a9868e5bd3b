package dev.baton.monitoring.meters;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Meters counted from committed journal batches ({@code Baton.subscribe(meters)}): step attempts by
 * agent and outcome with their durations, how long steps waited in their agent's queue (from {@code
 * StepQueued} to {@code StepStarted}) and for resources (from {@code ResourceWaiting} to {@code
 * ResourceAcquired}), and finished runs by state. Times are the journal's, so replaying journals
 * yields the same figures.
 */
public final class JournalMeters implements Consumer<List<JournalEntry>> {
  private final MeterRegistry registry;
  private final Map<String, Instant> queued = new ConcurrentHashMap<>();
  private final Map<String, Instant> waiting = new ConcurrentHashMap<>();

  public JournalMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void accept(List<JournalEntry> batch) {
    for (JournalEntry e : batch) record(e);
  }

  private void record(JournalEntry e) {
    String run = e.run();
    switch (e.event()) {
      case Event.StepQueued q -> queued.put(run + '/' + q.step(), e.time());
      case Event.StepStarted s -> {
        registry.counter("baton.steps.started", "agent", tag(s.agent())).increment();
        Instant since = queued.remove(run + '/' + s.step());
        if (since != null)
          timer("baton.step.queue.wait", "agent", tag(s.agent()))
              .record(Duration.between(since, e.time()));
      }
      case Event.StepSucceeded s -> attempt(s.agent(), "succeeded", s.durationMillis());
      case Event.StepFailed f -> attempt(f.agent(), "failed", f.durationMillis());
      case Event.StepTimedOut f -> attempt(f.agent(), "timed_out", f.durationMillis());
      case Event.ResourceWaiting w ->
          waiting.putIfAbsent(run + '/' + w.step() + '/' + w.resource(), e.time());
      case Event.ResourceAcquired a -> {
        Instant since = waiting.remove(run + '/' + a.step() + '/' + a.resource());
        if (since != null)
          timer("baton.resource.wait", "resource", tag(a.resource()))
              .record(Duration.between(since, e.time()));
      }
      case Event.RunSucceeded x -> finished("SUCCEEDED");
      case Event.RunFailed x -> finished("FAILED");
      case Event.RunRolledBack x -> finished("ROLLED_BACK");
      case Event.RunCancelled x -> finished("CANCELLED");
      default -> {}
    }
  }

  private void attempt(String agent, String outcome, long millis) {
    timer("baton.step.attempts", "agent", tag(agent), "outcome", outcome)
        .record(Duration.ofMillis(millis));
  }

  private void finished(String state) {
    registry.counter("baton.runs.finished", "state", state).increment();
  }

  private Timer timer(String name, String... tags) {
    return Timer.builder(name).tags(tags).register(registry);
  }

  private static String tag(String s) {
    return s == null || s.isEmpty() ? "none" : s;
  }
}
