package dev.baton.internal.engine;

import dev.baton.BatonException;
import dev.baton.journal.Event.PlannedStep;
import dev.baton.journal.EventCodec;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.workflow.AgentRef;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Turns a phase as written into concrete steps (fan-out to agents, {@code foreach} items sorted by
 * {@code orderBy}) and picks the agent of a step when it starts.
 */
final class Planner {
  static final String PRIMARY = "primary";
  static final String ROUTED = "";

  private Planner() {}

  static List<PlannedStep> plan(RunState s, Workflow wf, Phase phase, Instant now) {
    List<PlannedStep> out = new ArrayList<>();
    if (phase.foreach().isPresent()) {
      StepSpec spec = phase.steps().get(0);
      List<Object> items = items(phase, s, wf, now);
      for (int i = 0; i < items.size(); i++) {
        out.add(
            new PlannedStep(
                spec.id() + "." + (i + 1), spec.id(), single(spec.agent()), items.get(i)));
      }
      return out;
    }
    for (StepSpec spec : phase.steps()) {
      switch (spec.agent()) {
        case AgentRef.Named n -> out.add(new PlannedStep(spec.id(), spec.id(), n.name(), null));
        case AgentRef.Primary p -> out.add(new PlannedStep(spec.id(), spec.id(), PRIMARY, null));
        case AgentRef.Routed r -> out.add(new PlannedStep(spec.id(), spec.id(), ROUTED, null));
        case AgentRef.Each e ->
            e.names()
                .forEach(a -> out.add(new PlannedStep(spec.id() + "." + a, spec.id(), a, null)));
        case AgentRef.Supporting x -> {
          for (String a : wf.team()) {
            if (a.equals(AgentSpec.META) || a.equals(s.primary().orElse(null))) continue;
            out.add(new PlannedStep(spec.id() + "." + a, spec.id(), a, null));
          }
        }
      }
    }
    return out;
  }

  private static String single(AgentRef ref) {
    return switch (ref) {
      case AgentRef.Named n -> n.name();
      case AgentRef.Primary p -> PRIMARY;
      default -> ROUTED;
    };
  }

  private static List<Object> items(Phase phase, RunState s, Workflow wf, Instant now) {
    Object value = phase.foreach().get().evaluate(Variables.of(s, wf, now, null));
    if (!(value instanceof List<?> list)) {
      throw new BatonException(
          "foreach of phase '" + phase.name() + "' did not yield a list: " + value);
    }
    List<Object> items = new ArrayList<>();
    for (Object o : list) items.add(EventCodec.mapper().convertValue(o, Object.class));
    if (phase.orderBy().isPresent()) {
      record Keyed(Object item, Object key) {}
      List<Keyed> keyed = new ArrayList<>();
      for (Object item : items)
        keyed.add(new Keyed(item, phase.orderBy().get().evaluate(Variables.of(s, wf, now, item))));
      Comparator<Keyed> byKey = (x, y) -> compareKeys(x.key(), y.key());
      keyed.sort(phase.orderDescending() ? byKey.reversed() : byKey);
      items = new ArrayList<>(keyed.stream().map(Keyed::item).toList());
    }
    return items;
  }

  /**
   * Numbers numerically; the words low < medium < high < critical by rank; other text
   * alphabetically.
   */
  static int compareKeys(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y)
      return Double.compare(x.doubleValue(), y.doubleValue());
    ToIntFunction<Object> rank =
        o ->
            switch (String.valueOf(o).toLowerCase(Locale.ROOT)) {
              case "low" -> 1;
              case "medium", "normal" -> 2;
              case "high" -> 3;
              case "critical" -> 4;
              default -> 0;
            };
    int ra = rank.applyAsInt(a), rb = rank.applyAsInt(b);
    if (ra > 0 && rb > 0) return Integer.compare(ra, rb);
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  /**
   * Who performs the step's next attempt, or empty when nobody can (no primary yet, nobody
   * capable).
   */
  static Optional<String> agentFor(
      RunState s,
      Workflow wf,
      StepState st,
      Map<String, AgentSpec> agents,
      ToIntFunction<String> load) {
    return agentFor(s, wf, st, agents, load, a -> 0.0);
  }

  /**
   * As above; routed steps go to a capable agent with the best success rate, then the least load
   * (docs/conflicts.md).
   */
  static Optional<String> agentFor(
      RunState s,
      Workflow wf,
      StepState st,
      Map<String, AgentSpec> agents,
      ToIntFunction<String> load,
      ToDoubleFunction<String> successRate) {
    Optional<String> reassigned = s.reassignedAgent(st.id());
    if (reassigned.isPresent()) return reassigned;
    if (PRIMARY.equals(st.plannedAgent())) return s.primary();
    if (!ROUTED.equals(st.plannedAgent())) return Optional.of(st.plannedAgent());
    List<String> requires = wf.step(st.template()).map(StepSpec::requires).orElse(List.of());
    // improvement (docs/improvement.md): among capable agents, the tuned preference comes first
    List<String> preferred = s.tuning().preference(st.template());
    return agents.values().stream()
        .filter(a -> !(a.kind() instanceof AgentSpec.Meta))
        .filter(a -> a.capabilities().containsAll(requires))
        .sorted(
            Comparator.comparingInt((AgentSpec a) -> rank(preferred, a.name()))
                .thenComparingDouble((AgentSpec a) -> -successRate.applyAsDouble(a.name()))
                .thenComparingInt(a -> load.applyAsInt(a.name()))
                .thenComparing(AgentSpec::name))
        .map(AgentSpec::name)
        .findFirst();
  }

  private static int rank(List<String> preferred, String agent) {
    int i = preferred.indexOf(agent);
    return i < 0 ? preferred.size() : i;
  }
}
