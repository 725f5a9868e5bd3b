package dev.baton.improve;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.improve.Observations.Rating;
import dev.baton.improve.Observations.StepFact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The six figures of docs/monitoring.md for one agent over a period, computed from {@link
 * Observations}; a score is null where there is no data. {@code runs} lists the runs the figures
 * were read from.
 */
public record Figures(
    String agent,
    int tasks,
    Double taskSuccess,
    Double avgMinutes,
    Double escalationRate,
    Double quality,
    Double collaboration,
    Double satisfaction,
    List<String> runs) {

  /** Every agent's figures, by agent name. */
  public static Map<String, Figures> byAgent(Observations o) {
    TreeSet<String> agents = new TreeSet<>();
    o.attempts().forEach(a -> agents.add(a.agent()));
    o.ratings().forEach(r -> agents.add(r.agent()));
    Map<String, Figures> out = new TreeMap<>();
    for (String a : agents) out.put(a, of(a, o, x -> true));
    return out;
  }

  /** One agent's figures, counting only the attempts and steps {@code filter} keeps. */
  public static Figures of(String agent, Observations o, Predicate<String> taskType) {
    List<AttemptFact> at =
        o.attempts().stream()
            .filter(a -> a.agent().equals(agent) && taskType.test(a.taskType()))
            .toList();
    List<StepFact> st =
        o.steps().stream()
            .filter(s -> agent.equals(s.agent()) && taskType.test(s.taskType()))
            .toList();
    List<Rating> ra = o.ratings().stream().filter(r -> agent.equals(r.agent())).toList();
    TreeSet<String> runs = new TreeSet<>();
    at.forEach(a -> runs.add(a.run()));
    ra.forEach(r -> runs.add(r.run()));
    List<AttemptFact> ok = at.stream().filter(AttemptFact::succeeded).toList();
    return new Figures(
        agent,
        at.size(),
        at.isEmpty() ? null : 100.0 * ok.size() / at.size(),
        ok.isEmpty()
            ? null
            : ok.stream().mapToLong(AttemptFact::durationMillis).average().orElse(0) / 60_000.0,
        st.isEmpty() ? null : 100.0 * st.stream().filter(StepFact::escalated).count() / st.size(),
        mean(ra, Rating::quality),
        mean(ra, Rating::collaboration),
        mean(ra, Rating::satisfaction),
        new ArrayList<>(runs));
  }

  /** Success rate (0-100) of a task type, all agents together; null without attempts. */
  public static Double success(Collection<AttemptFact> attempts) {
    if (attempts.isEmpty()) return null;
    return 100.0 * attempts.stream().filter(AttemptFact::succeeded).count() / attempts.size();
  }

  /**
   * Success rate (0-100) of first attempts: how often the agent a step was routed to got it right
   * at once, whoever did; null without first attempts.
   */
  public static Double firstSuccess(Collection<AttemptFact> attempts) {
    return success(attempts.stream().filter(AttemptFact::first).toList());
  }

  /** The {@code q}-quantile (nearest rank) of the values; 0 when there are none. */
  public static long quantile(List<Long> values, double q) {
    if (values.isEmpty()) return 0;
    List<Long> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static Double mean(List<Rating> ratings, Function<Rating, Integer> score) {
    List<Integer> xs = ratings.stream().map(score).filter(Objects::nonNull).toList();
    return xs.isEmpty() ? null : xs.stream().mapToInt(Integer::intValue).average().orElse(0);
  }
}
