package dev.baton.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.BatonException;
import dev.baton.workflow.AgentSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures a {@link Triager} on labelled reports: how often it names the right primary agent, per
 * agent and per kind of difficulty, and how often it asks a person instead. Used by {@code baton
 * meta eval} and by the tests that keep the figures of docs/meta-agent.md honest.
 *
 * <p>A labelled file is YAML: {@code reports: [{id, primary, kind, text}]}.
 */
public final class TriageEvaluation {
  private TriageEvaluation() {}

  /** A report and the agent that should lead it. */
  public record Labelled(String id, String primary, String kind, String text) {}

  /** What the triager answered for one report. */
  public record Answer(Labelled report, Triage triage) {
    /** The best candidate, whether the triager decided or asked. */
    public String best() {
      return triage.candidates().isEmpty() ? "" : triage.candidates().getFirst().agent();
    }

    public boolean right() {
      return best().equals(report.primary());
    }

    public boolean asked() {
      return triage instanceof Triage.Ask;
    }
  }

  /** Every answer, with the figures. */
  public record Result(List<Answer> answers) {
    public Result {
      answers = List.copyOf(answers);
    }

    /** Share of reports whose best candidate is the right agent (asking counts as its guess). */
    public double accuracy() {
      return share(answers, Answer::right);
    }

    /** Share of reports where a person would be asked. */
    public double askRate() {
      return share(answers, Answer::asked);
    }

    /** Share right among the reports decided without asking. */
    public double decidedAccuracy() {
      return share(answers.stream().filter(a -> !a.asked()).toList(), Answer::right);
    }

    /** Share of the wrong best candidates that were asked about rather than decided. */
    public double missesAsked() {
      return share(answers.stream().filter(a -> !a.right()).toList(), Answer::asked);
    }

    public List<Answer> misses() {
      return answers.stream().filter(a -> !a.right()).toList();
    }

    /** A plain-text table: overall, per agent, per kind, then the misses. */
    public String table() {
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "%d reports: %.1f%% right; %.1f%% asked (%.1f%% of the misses); %.1f%% right among"
                  + " those decided%n",
              answers.size(),
              100 * accuracy(),
              100 * askRate(),
              100 * missesAsked(),
              100 * decidedAccuracy()));
      group(b, "agent", a -> a.report().primary());
      group(b, "kind", a -> a.report().kind());
      for (Answer a : misses())
        b.append(
            String.format(
                Locale.ROOT,
                "  miss %-10s %-9s -> %-9s%s (%.0f%%)%n",
                a.report().id(),
                a.report().primary(),
                a.best(),
                a.asked() ? " asked" : "",
                100 * a.triage().confidence()));
      return b.toString();
    }

    private void group(
        StringBuilder b, String by, java.util.function.Function<Answer, String> key) {
      Map<String, List<Answer>> groups = new TreeMap<>();
      for (Answer a : answers) groups.computeIfAbsent(key.apply(a), k -> new ArrayList<>()).add(a);
      groups.forEach((k, list) ->
          b.append(
              String.format(
                  Locale.ROOT,
                  "  %-6s %-13s %3d/%-3d %5.1f%%%n",
                  by,
                  k,
                  list.stream().filter(Answer::right).count(),
                  list.size(),
                  100 * share(list, Answer::right))));
    }

    private static double share(List<Answer> list, java.util.function.Predicate<Answer> p) {
      return list.isEmpty() ? 0 : (double) list.stream().filter(p).count() / list.size();
    }
  }

  /** Reads a labelled file. */
  public static List<Labelled> read(InputStream yaml) {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
      List<Labelled> out = new ArrayList<>();
      for (JsonNode r : root.path("reports"))
        out.add(
            new Labelled(
                r.path("id").asText(),
                r.path("primary").asText(),
                r.path("kind").asText("plain"),
                r.path("text").asText()));
      return out;
    } catch (IOException e) {
      throw new BatonException("cannot read labelled reports: " + e.getMessage(), e);
    }
  }

  /** Triages every report with the team and examples given. */
  public static Result run(
      Triager triager, List<AgentSpec> team, List<Labelled> reports, List<TriageExample> learned) {
    List<Answer> answers = new ArrayList<>();
    for (Labelled r : reports)
      answers.add(new Answer(r, triager.triage(new TriageRequest(r.text(), team, learned))));
    return new Result(answers);
  }
}
