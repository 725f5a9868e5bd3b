package dev.baton.improve;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How each kind of change edits a {@link Configuration}, and how it is undone: one place for
 * proposals, validation and reverts.
 */
final class Changes {
  private Changes() {}

  /** The configuration with a proposal of {@code kind} applied. */
  static Configuration apply(Configuration c, String kind, Map<String, Object> d) {
    return switch (kind) {
      case "reassign" ->
          c.with(
              str(d, "workflow"), t -> Configuration.assignee(t, str(d, "step"), str(d, "agent")));
      case "budget" ->
          c.with(
              str(d, "workflow"),
              t -> Configuration.budget(t, str(d, "phase"), Duration.ofMillis(num(d, "toMillis"))));
      case "specialist" -> c.withSpecialist(str(d, "capability"));
      case "threshold" -> c.withThreshold(str(d, "rule"), ((Number) d.get("to")).doubleValue());
      case "profile" -> c.withProfileKeywords(str(d, "agent"), words(d), true);
      case "retries" ->
          c.with(
              str(d, "workflow"),
              t -> Configuration.retries(t, str(d, "step"), (int) num(d, "to")));
      case "unused-step", "split", "redesign" -> c.withEdit(edit(kind, d), change(d));
      default -> c;
    };
  }

  /** The configuration with the one value a change of {@code kind} set put back as before. */
  @SuppressWarnings("unchecked")
  static Configuration revert(Configuration c, Map<String, Object> f) {
    String wf = str(f, "workflow");
    String step = str(f, "step");
    return switch (str(f, "kind")) {
      case "estimate" ->
          c.with(
              wf,
              t ->
                  Configuration.estimate(
                      t,
                      step,
                      f.get("previousMillis") instanceof Number n
                          ? Duration.ofMillis(n.longValue())
                          : null));
      case "routing" ->
          c.with(wf, t -> Configuration.routing(t, step, (List<String>) f.get("previous")));
      case "reassign" -> c.with(wf, t -> Configuration.assignee(t, step, null));
      case "budget" -> c.with(wf, t -> Configuration.budget(t, str(f, "phase"), null));
      case "threshold" ->
          c.withThreshold(
              str(f, "rule"), f.get("previous") instanceof Number n ? n.doubleValue() : null);
      case "profile" -> c.withProfileKeywords(str(f, "agent"), words(f), false);
      case "retries" -> c.with(wf, t -> Configuration.retries(t, step, null));
      case "unused-step", "split", "redesign" -> c.withEdit(edit(str(f, "kind"), f), null);
      default -> c;
    };
  }

  /** The key of an agreed workflow edit: the proposal's kind and subject. */
  static String edit(String kind, Map<String, Object> d) {
    String subject =
        kind.equals("redesign")
            ? str(d, "workflow") + "/" + str(d, "phase")
            : str(d, "workflow") + "/" + str(d, "step");
    return kind + " " + subject;
  }

  private static String change(Map<String, Object> d) {
    Object c = d.get("edit");
    return c == null ? "" : c.toString();
  }

  @SuppressWarnings("unchecked")
  static List<String> words(Map<String, Object> m) {
    return (List<String>) m.getOrDefault("keywords", List.of());
  }

  static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  static long num(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).longValue();
  }
}
