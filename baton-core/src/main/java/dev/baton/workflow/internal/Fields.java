package dev.baton.workflow.internal;

import dev.baton.workflow.Durations;
import dev.baton.workflow.SpendBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed access to the keys of one YAML map. Creating it reports unknown keys (with the nearest
 * valid key); each getter reports a wrong type or value at the value's position and then yields
 * nothing.
 */
final class Fields {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  private final Node.MapNode map;
  private final Problems problems;
  private final String what;

  private Fields(Node.MapNode map, Problems problems, String what, List<String> allowed) {
    this.map = map;
    this.problems = problems;
    this.what = what;
    for (Node.Entry e : map.entries()) {
      if (!allowed.contains(e.key())) {
        problems.at(
            e, "unknown key '" + e.key() + "' in " + what + ": " + Suggest.hint(e.key(), allowed));
      }
    }
  }

  /** Reads {@code node} as a map of {@code what}; empty (and reported) when it is not a map. */
  static Optional<Fields> of(Node node, Problems problems, String what, List<String> allowed) {
    if (node instanceof Node.MapNode m) return Optional.of(new Fields(m, problems, what, allowed));
    problems.at(
        node,
        what
            + " must be a map of keys ("
            + String.join(", ", allowed.subList(0, Math.min(4, allowed.size())))
            + ", …), not "
            + node.kind());
    return Optional.empty();
  }

  Node.MapNode map() {
    return map;
  }

  String what() {
    return what;
  }

  boolean has(String key) {
    return map.get(key).isPresent();
  }

  Optional<Node> node(String key) {
    return map.get(key);
  }

  Optional<Node.Entry> entry(String key) {
    return map.entry(key);
  }

  /** A required key; reported at the map when missing. */
  Optional<Node> required(String key, String example) {
    Optional<Node> n = map.get(key);
    if (n.isEmpty() || (n.get() instanceof Node.Scalar s && s.isNull())) {
      problems.at(
          map,
          what
              + " is missing required key '"
              + key
              + "'"
              + (example.isEmpty() ? "" : ", e.g. " + key + ": " + example));
      return Optional.empty();
    }
    return n;
  }

  /**
   * A scalar as text (numbers and booleans as written); lists, maps and empty values are reported.
   */
  Optional<Node.Scalar> scalar(String key) {
    return map.get(key).flatMap(n -> scalar(n, "'" + key + "' of " + what));
  }

  Optional<Node.Scalar> scalar(Node n, String label) {
    if (n instanceof Node.Scalar s && !s.isNull()) return Optional.of(s);
    problems.at(n, label + " must be a text, not " + n.kind());
    return Optional.empty();
  }

  Optional<String> text(String key) {
    return scalar(key).map(Node.Scalar::text);
  }

  Optional<String> name(String key, String example) {
    return required(key, example)
        .flatMap(n -> scalar(n, "'" + key + "' of " + what))
        .flatMap(s -> checkName(s, key));
  }

  Optional<String> checkName(Node.Scalar s, String label) {
    if (NAME.matcher(s.text()).matches()) return Optional.of(s.text());
    problems.at(
        s,
        "'"
            + s.text()
            + "' is not a valid "
            + label
            + ": use lower-case letters, digits and '-', starting with a letter or digit (e.g. '"
            + suggestName(s.text())
            + "')");
    return Optional.empty();
  }

  static String suggestName(String text) {
    String s =
        text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() ? "step-1" : s;
  }

  Optional<Boolean> bool(String key) {
    return map.get(key)
        .flatMap(n -> {
          if (n instanceof Node.Scalar s && s.type() == Node.ScalarType.BOOL)
            return Optional.of(Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT)));
          problems.at(n, "'" + key + "' of " + what + " must be true or false, not " + describe(n));
          return Optional.empty();
        });
  }

  Optional<Integer> integer(String key, int min) {
    return map.get(key)
        .flatMap(n -> {
          if (n instanceof Node.Scalar s && s.type() == Node.ScalarType.INT) {
            try {
              int v = Integer.parseInt(s.text());
              if (v >= min) return Optional.of(v);
            } catch (NumberFormatException e) {
              // reported below
            }
          }
          problems.at(
              n,
              "'"
                  + key
                  + "' of "
                  + what
                  + " must be a whole number of at least "
                  + min
                  + ", not "
                  + describe(n));
          return Optional.empty();
        });
  }

  Optional<Double> number(String key, double min) {
    return map.get(key)
        .flatMap(n -> {
          if (n instanceof Node.Scalar s
              && (s.type() == Node.ScalarType.INT || s.type() == Node.ScalarType.FLOAT)) {
            try {
              double v = Double.parseDouble(s.text());
              if (v >= min && Double.isFinite(v)) return Optional.of(v);
            } catch (NumberFormatException e) {
              // reported below
            }
          }
          problems.at(
              n,
              "'"
                  + key
                  + "' of "
                  + what
                  + " must be a number of at least "
                  + min
                  + ", not "
                  + describe(n));
          return Optional.empty();
        });
  }

  Optional<Duration> duration(String key) {
    return map.get(key)
        .flatMap(n -> {
          if (n instanceof Node.Scalar s && s.type() == Node.ScalarType.INT) {
            problems.at(
                n,
                "'"
                    + key
                    + "' of "
                    + what
                    + " needs a unit: write e.g. '"
                    + s.text()
                    + "m' or '"
                    + s.text()
                    + "s'");
            return Optional.empty();
          }
          return scalar(n, "'" + key + "' of " + what)
              .flatMap(s -> {
                try {
                  return Optional.of(Durations.parse(s.text()));
                } catch (IllegalArgumentException e) {
                  problems.at(s, "bad '" + key + "' of " + what + ": " + e.getMessage());
                  return Optional.empty();
                }
              });
        });
  }

  /** A {@code budget}: a time box and what may be spent on chat models. */
  record Budget(Optional<Duration> time, SpendBudget spend) {}

  /**
   * {@code budget}: a duration (the time box), or a map {@code {time, tokens, usd}}
   * (docs/agent-protocols.md: {@code tokens} and {@code usd} limit what chat models may cost).
   */
  Budget budget(String key) {
    Optional<Node> n = map.get(key);
    if (n.isEmpty() || !(n.get() instanceof Node.MapNode))
      return new Budget(duration(key), SpendBudget.NONE);
    return of(n.get(), problems, "'" + key + "' of " + what, List.of("time", "tokens", "usd"))
        .map(b -> {
          Optional<Long> tokens =
              b.node("tokens")
                  .flatMap(t -> {
                    if (t instanceof Node.Scalar s && s.type() == Node.ScalarType.INT) {
                      try {
                        long v = Long.parseLong(s.text());
                        if (v >= 0) return Optional.of(v);
                      } catch (NumberFormatException e) {
                        // reported below
                      }
                    }
                    problems.at(
                        t,
                        "'tokens' of "
                            + b.what()
                            + " must be a whole number of at least 0, not "
                            + describe(t));
                    return Optional.empty();
                  });
          return new Budget(b.duration("time"), new SpendBudget(tokens, b.number("usd", 0)));
        })
        .orElse(new Budget(Optional.empty(), SpendBudget.NONE));
  }

  /** A list of scalars; a list is required (a single text is reported with the fix). */
  List<Node.Scalar> scalars(String key) {
    Optional<Node> n = map.get(key);
    return n.isEmpty() ? List.of() : scalars(n.get(), "'" + key + "' of " + what);
  }

  List<Node.Scalar> scalars(Node n, String label) {
    if (n instanceof Node.Scalar s && s.isNull()) return List.of();
    if (!(n instanceof Node.ListNode l)) {
      String example = n instanceof Node.Scalar s ? "[" + s.text() + "]" : "[a, b]";
      problems.at(n, label + " must be a list, e.g. " + example + ", not " + n.kind());
      return List.of();
    }
    List<Node.Scalar> out = new ArrayList<>();
    for (Node item : l.items()) scalar(item, "each item of " + label).ifPresent(out::add);
    return out;
  }

  List<String> strings(String key) {
    return scalars(key).stream().map(Node.Scalar::text).toList();
  }

  /** A word out of a closed set, e.g. a mode. */
  Optional<String> word(String key, Set<String> valid, List<String> order) {
    return scalar(key)
        .flatMap(s -> {
          if (valid.contains(s.text())) return Optional.of(s.text());
          problems.at(
              s,
              "'"
                  + s.text()
                  + "' is not a valid '"
                  + key
                  + "' of "
                  + what
                  + ": "
                  + Suggest.hint(s.text(), order));
          return Optional.empty();
        });
  }

  static String describe(Node n) {
    return n instanceof Node.Scalar s && !s.isNull() ? "'" + s.text() + "'" : n.kind();
  }
}
