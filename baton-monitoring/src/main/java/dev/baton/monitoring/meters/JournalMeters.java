package dev.baton.monitoring.meters;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import io.micrometer.core.instrument.Counter;
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
 * ResourceAcquired}), chat-model tokens, cost and latency by agent ({@code LlmCalled}), crossed
 * spending budgets, and finished runs by state. Times are the journal's, so replaying journals
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
        Counter.builder("baton.steps.started")
            .description("steps started, by agent")
            .tag("agent", tag(s.agent()))
            .register(registry)
            .increment();
        Instant since = queued.remove(run + '/' + s.step());
        if (since != null)
          timer(
                  "baton.step.queue.wait",
                  "time steps waited for their agent",
                  "agent",
                  tag(s.agent()))
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
          timer(
                  "baton.resource.wait",
                  "time steps waited for a resource",
                  "resource",
                  tag(a.resource()))
              .record(Duration.between(since, e.time()));
      }
      case Event.LlmCalled c -> {
        Counter.builder("baton.llm.tokens")
            .description("chat-model tokens used, by agent, model and direction")
            .tags("agent", tag(c.agent()), "model", tag(c.model()), "direction", "input")
            .register(registry)
            .increment((double) c.inputTokens());
        Counter.builder("baton.llm.tokens")
            .description("chat-model tokens used, by agent, model and direction")
            .tags("agent", tag(c.agent()), "model", tag(c.model()), "direction", "output")
            .register(registry)
            .increment((double) c.outputTokens());
        Counter.builder("baton.llm.cost")
            .description("what chat-model calls cost, by agent and model, in US dollars")
            .tags("agent", tag(c.agent()), "model", tag(c.model()))
            .register(registry)
            .increment(c.costUsd());
        timer("baton.llm.calls", "latencies of chat-model calls", "agent", tag(c.agent()))
            .record(Duration.ofMillis(c.latencyMs()));
      }
      case Event.BudgetExceeded b ->
          Counter.builder("baton.budget.exceeded")
              .description("token or dollar budgets crossed, by scope")
              .tag("scope", b.phase() == null ? "run" : "phase")
              .register(registry)
              .increment();
      case Event.RunSucceeded x -> finished("SUCCEEDED");
      case Event.RunFailed x -> finished("FAILED");
      case Event.RunRolledBack x -> finished("ROLLED_BACK");
      case Event.RunCancelled x -> finished("CANCELLED");
      default -> {}
    }
  }

  private void attempt(String agent, String outcome, long millis) {
    timer(
            "baton.step.attempts",
            "durations of finished step attempts",
            "agent",
            tag(agent),
            "outcome",
            outcome)
        .record(Duration.ofMillis(millis));
  }

  private void finished(String state) {
    Counter.builder("baton.runs.finished")
        .description("runs that ended, by final state")
        .tag("state", state)
        .register(registry)
        .increment();
  }

  /**
   * A timer exposed as a Prometheus histogram: buckets from 100 ms to 1 h fit the durations of
   * agents' work and waits.
   */
  private Timer timer(String name, String help, String... tags) {
    return Timer.builder(name)
        .description(help + ", in seconds")
        .tags(tags)
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  private static final Duration[] BUCKETS = {
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1)
  };

  private static String tag(String s) {
    return s == null || s.isEmpty() ? "none" : s;
  }
}
