package dev.baton.improve;

import dev.baton.tuning.Tuning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Everything the improvement cycle tunes, as of one configuration version: each workflow's {@link
 * Tuning} (estimates, phase budgets, reassigned task types, routing preferences), the capabilities
 * people agreed a specialist is needed for, and alert thresholds people approved (alert rule id to
 * threshold, ahead of {@code baton.yaml}'s; docs/monitoring.md), and the workflow edits people
 * agreed to make by hand ({@code edits}: what to edit, by proposal kind and subject, e.g. {@code
 * "redesign sim/test"}), which Baton cannot make itself since it does not rewrite workflow files.
 */
public record Configuration(
    Map<String, Tuning> workflows,
    List<String> specialistsWanted,
    Map<String, Double> thresholds,
    Map<String, List<String>> profiles,
    Map<String, String> edits) {
  public static final Configuration EMPTY =
      new Configuration(Map.of(), List.of(), Map.of(), Map.of(), Map.of());

  public Configuration {
    workflows = Map.copyOf(workflows);
    specialistsWanted = List.copyOf(specialistsWanted);
    thresholds = Collections.unmodifiableMap(new TreeMap<>(thresholds));
    Map<String, List<String>> p = new TreeMap<>();
    profiles.forEach((agent, words) -> {
      if (!words.isEmpty()) p.put(agent, List.copyOf(words));
    });
    profiles = Collections.unmodifiableMap(p);
    edits = Collections.unmodifiableMap(new TreeMap<>(edits));
  }

  public Configuration(Map<String, Tuning> workflows, List<String> specialistsWanted) {
    this(workflows, specialistsWanted, Map.of(), Map.of(), Map.of());
  }

  /** This configuration with a workflow edit agreed ({@code edit} null: withdrawn). */
  public Configuration withEdit(String key, String edit) {
    Map<String, String> e = new TreeMap<>(edits);
    if (edit == null) e.remove(key);
    else e.put(key, edit);
    return new Configuration(workflows, specialistsWanted, thresholds, profiles, e);
  }

  /**
   * This configuration with {@code words} added to (or, {@code add} false, taken from) an agent's.
   */
  public Configuration withProfileKeywords(String agent, List<String> words, boolean add) {
    Map<String, List<String>> p = new TreeMap<>(profiles);
    List<String> w = new ArrayList<>(p.getOrDefault(agent, List.of()));
    for (String x : words) {
      if (add && !w.contains(x)) w.add(x);
      if (!add) w.remove(x);
    }
    p.put(agent, w);
    return new Configuration(workflows, specialistsWanted, thresholds, p, edits);
  }

  /** This configuration with alert rule {@code rule}'s threshold set (null: baton.yaml's). */
  public Configuration withThreshold(String rule, Double threshold) {
    Map<String, Double> t = new TreeMap<>(thresholds);
    if (threshold == null) t.remove(rule);
    else t.put(rule, threshold);
    return new Configuration(workflows, specialistsWanted, t, profiles, edits);
  }

  public Tuning tuning(String workflow) {
    return workflows.getOrDefault(workflow, Tuning.NONE);
  }

  /** This configuration with {@code workflow}'s tuning changed by {@code change}. */
  public Configuration with(String workflow, UnaryOperator<Tuning> change) {
    Map<String, Tuning> w = new TreeMap<>(workflows);
    Tuning t = change.apply(tuning(workflow));
    if (t.isEmpty()) w.remove(workflow);
    else w.put(workflow, t);
    return new Configuration(w, specialistsWanted, thresholds, profiles, edits);
  }

  public Configuration withSpecialist(String capability) {
    List<String> s = new ArrayList<>(specialistsWanted);
    if (!s.contains(capability)) s.add(capability);
    return new Configuration(workflows, s, thresholds, profiles, edits);
  }

  /** Tunings one value at a time, each returning a new {@link Tuning}. */
  public static Tuning estimate(Tuning t, String step, Duration value) {
    Map<String, Duration> e = new LinkedHashMap<>(t.estimates());
    if (value == null) e.remove(step);
    else e.put(step, value);
    return new Tuning(t.version(), e, t.budgets(), t.assignees(), t.routing(), t.retries());
  }

  public static Tuning budget(Tuning t, String phase, Duration value) {
    Map<String, Duration> b = new LinkedHashMap<>(t.budgets());
    if (value == null) b.remove(phase);
    else b.put(phase, value);
    return new Tuning(t.version(), t.estimates(), b, t.assignees(), t.routing(), t.retries());
  }

  public static Tuning assignee(Tuning t, String step, String agent) {
    Map<String, String> a = new LinkedHashMap<>(t.assignees());
    if (agent == null) a.remove(step);
    else a.put(step, agent);
    return new Tuning(t.version(), t.estimates(), t.budgets(), a, t.routing(), t.retries());
  }

  public static Tuning routing(Tuning t, String step, List<String> agents) {
    Map<String, List<String>> r = new LinkedHashMap<>(t.routing());
    if (agents == null || agents.isEmpty()) r.remove(step);
    else r.put(step, agents);
    return new Tuning(t.version(), t.estimates(), t.budgets(), t.assignees(), r, t.retries());
  }

  public static Tuning retries(Tuning t, String step, Integer value) {
    Map<String, Integer> r = new LinkedHashMap<>(t.retries());
    if (value == null) r.remove(step);
    else r.put(step, value);
    return new Tuning(t.version(), t.estimates(), t.budgets(), t.assignees(), t.routing(), r);
  }

  /** The JSON form kept in {@code ConfigurationChanged} events. */
  public Map<String, Object> toMap() {
    Map<String, Object> w = new TreeMap<>();
    workflows.forEach((name, t) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      Map<String, Long> e = new TreeMap<>();
      t.estimates().forEach((k, v) -> e.put(k, v.toMillis()));
      Map<String, Long> b = new TreeMap<>();
      t.budgets().forEach((k, v) -> b.put(k, v.toMillis()));
      m.put("estimateMillis", e);
      m.put("budgetMillis", b);
      m.put("assignees", new TreeMap<>(t.assignees()));
      m.put("routing", new TreeMap<>(t.routing()));
      if (!t.retries().isEmpty()) m.put("retries", new TreeMap<>(t.retries()));
      w.put(name, m);
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("workflows", w);
    out.put("specialistsWanted", specialistsWanted);
    if (!thresholds.isEmpty()) out.put("thresholds", new TreeMap<>(thresholds));
    if (!profiles.isEmpty()) out.put("profileKeywords", new TreeMap<>(profiles));
    if (!edits.isEmpty()) out.put("workflowEdits", new TreeMap<>(edits));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer> retries(Map<String, Object> m) {
    Map<String, Integer> r = new LinkedHashMap<>();
    ((Map<String, Number>) m.getOrDefault("retries", Map.of()))
        .forEach((k, v) -> r.put(k, v.intValue()));
    return r;
  }

  @SuppressWarnings("unchecked")
  public static Configuration fromMap(Map<String, Object> map) {
    if (map == null) return EMPTY;
    Map<String, Tuning> w = new TreeMap<>();
    Map<String, Object> workflows = (Map<String, Object>) map.getOrDefault("workflows", Map.of());
    workflows.forEach((name, value) -> {
      Map<String, Object> m = (Map<String, Object>) value;
      Map<String, Duration> e = new LinkedHashMap<>();
      ((Map<String, Number>) m.getOrDefault("estimateMillis", Map.of()))
          .forEach((k, v) -> e.put(k, Duration.ofMillis(v.longValue())));
      Map<String, Duration> b = new LinkedHashMap<>();
      ((Map<String, Number>) m.getOrDefault("budgetMillis", Map.of()))
          .forEach((k, v) -> b.put(k, Duration.ofMillis(v.longValue())));
      w.put(
          name,
          new Tuning(
              0,
              e,
              b,
              (Map<String, String>) m.getOrDefault("assignees", Map.of()),
              (Map<String, List<String>>) m.getOrDefault("routing", Map.of()),
              retries(m)));
    });
    Map<String, Double> thresholds = new TreeMap<>();
    ((Map<String, Number>) map.getOrDefault("thresholds", Map.of()))
        .forEach((k, v) -> thresholds.put(k, v.doubleValue()));
    return new Configuration(
        w,
        (List<String>) map.getOrDefault("specialistsWanted", List.<String>of()),
        thresholds,
        (Map<String, List<String>>) map.getOrDefault("profileKeywords", Map.of()),
        (Map<String, String>) map.getOrDefault("workflowEdits", Map.of()));
  }
}
