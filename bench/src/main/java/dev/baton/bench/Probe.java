package dev.baton.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the no-op agents record: when each step starts and ends, by the agent's own clock. Handoff
 * latency is a step's start minus the latest end among the steps it waits for, so it covers
 * everything the orchestrator does in between (journal commit included).
 */
final class Probe {
  private final Shape shape;
  private final Map<String, int[]> positions = new ConcurrentHashMap<>();
  private final Map<String, Long> ends = new ConcurrentHashMap<>();
  private final Map<String, Long> starts = new ConcurrentHashMap<>();
  final Samples handoffs = new Samples();

  /** How long each step took inside its agent, from its start to its end. */
  final Samples steps = new Samples();

  volatile boolean recording;

  Probe(Shape shape) {
    this.shape = shape;
    for (int g = 0; g < shape.groups().size(); g++) {
      for (int i = 0; i < shape.groups().get(g).steps(); i++)
        positions.put(shape.groups().get(g).step(i), new int[] {g, i});
    }
  }

  /** Called by an agent as it begins {@code step} of {@code run}. */
  void started(String run, String step) {
    long now = System.nanoTime();
    int[] at = positions.get(step);
    long latest = Long.MIN_VALUE;
    for (String p : shape.predecessors(at[0], at[1])) {
      Long end = ends.get(run + '/' + p);
      if (end != null) latest = Math.max(latest, end);
    }
    if (recording && latest != Long.MIN_VALUE) handoffs.add(now - latest);
    if (recording) starts.put(run + '/' + step, now);
  }

  /** Called by an agent as it returns from {@code step} of {@code run}. */
  void ended(String run, String step) {
    long now = System.nanoTime();
    ends.put(run + '/' + step, now);
    Long start = starts.remove(run + '/' + step);
    if (recording && start != null) steps.add(now - start);
  }

  /** Forgets the ends of a finished run. */
  void forget(String run) {
    for (String step : positions.keySet()) {
      ends.remove(run + '/' + step);
      starts.remove(run + '/' + step);
    }
  }
}
