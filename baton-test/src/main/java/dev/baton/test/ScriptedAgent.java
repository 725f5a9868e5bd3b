package dev.baton.test;

import dev.baton.agent.Agent;
import dev.baton.agent.Attempt;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * An in-process agent whose outcomes a test decides: by default every attempt succeeds with {@code
 * {"done": STEP}}; {@link #failFirst} makes a step's first attempts fail; {@link #answer} computes
 * the outcome. Remembers every handoff it received, in order.
 */
public final class ScriptedAgent implements Agent {
  private final BiFunction<Handoff, Attempt, Outcome> script;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final List<Handoff> received = new CopyOnWriteArrayList<>();

  private ScriptedAgent(BiFunction<Handoff, Attempt, Outcome> script) {
    this.script = script;
  }

  /** Succeeds at every attempt. */
  public static ScriptedAgent succeeding() {
    return new ScriptedAgent((h, a) -> Outcome.succeeded(Map.of("done", a.step())));
  }

  /** Answers each attempt with {@code script}'s outcome. */
  public static ScriptedAgent answer(BiFunction<Handoff, Attempt, Outcome> script) {
    return new ScriptedAgent(script);
  }

  /** The first {@code times} attempts of {@code step} fail (with "scripted failure"). */
  public ScriptedAgent failFirst(String step, int times) {
    failures.put(step, times);
    return this;
  }

  @Override
  public Outcome perform(Handoff handoff, Attempt attempt) {
    received.add(handoff);
    int left = failures.getOrDefault(attempt.step(), 0);
    if (left > 0) {
      failures.put(attempt.step(), left - 1);
      return Outcome.failed("scripted failure");
    }
    return script.apply(handoff, attempt);
  }

  /** The handoffs received so far, oldest first. */
  public List<Handoff> received() {
    return List.copyOf(received);
  }
}
