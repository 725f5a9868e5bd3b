package dev.baton.improve.internal;

import dev.baton.BatonException;
import dev.baton.improve.ConfigVersion;
import dev.baton.improve.Figures;
import dev.baton.improve.Observations;
import dev.baton.improve.Proposal;
import dev.baton.improve.Review;
import dev.baton.improve.ReviewKind;
import dev.baton.improve.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a review as Markdown and as HTML with inline SVG charts (no script, no external file).
 * Both say where each figure comes from: the runs whose journals it was computed from.
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** One metric of the charts and tables. */
  record Metric(String title, Function<Figures, Double> value, Double threshold, double max) {}

  public static void write(Review r, List<Proposal> all, Optional<Long> version) {
    write(r, all, version, Map.of());
  }

  /**
   * Writes the report; {@code edits} are the workflow edits people agreed to make by hand (the
   * configuration's), listed by the weekly and monthly reports until they are withdrawn.
   */
  public static void write(
      Review r, List<Proposal> all, Optional<Long> version, Map<String, String> edits) {
    String md = markdown(r, all, version, edits);
    try {
      Files.createDirectories(r.markdown().toAbsolutePath().getParent());
      Files.writeString(r.markdown(), md);
      Files.writeString(r.html(), Html.page(title(r), md, charts(r)));
    } catch (IOException e) {
      throw new BatonException("cannot write the report: " + e.getMessage(), e);
    }
  }

  static String title(Review r) {
    String k = r.kind().word();
    return Character.toUpperCase(k.charAt(0))
        + k.substring(1)
        + " review — "
        + r.to().toLocalDate();
  }

  static List<Metric> metrics(Review r) {
    Review.Thresholds t = r.thresholds();
    return List.of(
        new Metric("Task success %", Figures::taskSuccess, 100 - t.failureRate(), 100),
        new Metric("Average completion time (min)", Figures::avgMinutes, null, 0),
        new Metric("Escalation rate %", Figures::escalationRate, null, 100),
        new Metric("Quality (1-10)", Figures::quality, t.quality(), 10),
        new Metric("Collaboration (1-10)", Figures::collaboration, null, 10),
        new Metric("User satisfaction (1-10)", Figures::satisfaction, t.satisfaction(), 10));
  }

  static String charts(Review r) {
    StringBuilder b = new StringBuilder();
    for (Metric m : metrics(r)) b.append(Svg.bars(m, r.figures(), r.previous()));
    return b.toString();
  }

  static String markdown(
      Review r, List<Proposal> all, Optional<Long> version, Map<String, String> edits) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(title(r)).append("\n\n");
    b.append("Period: ").append(r.from()).append(" to ").append(r.to());
    b.append(" (previous period in parentheses). Configuration version: ");
    b.append(version.orElse(0L)).append(".\n\n");
    b.append("## Agents\n\n");
    b.append(
        "| agent | tasks | success % | avg min | escalations % | quality | collaboration | satisfaction |\n");
    b.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    TreeSet<String> agents = new TreeSet<>(r.figures().keySet());
    agents.addAll(r.previous().keySet());
    for (String a : agents) {
      Figures now = r.figures().get(a), prev = r.previous().get(a);
      b.append("| ").append(a).append(" | ").append(now == null ? 0 : now.tasks());
      b.append(prev == null ? "" : " (" + prev.tasks() + ")");
      for (Metric m : metrics(r)) {
        b.append(" | ").append(num(now == null ? null : m.value().apply(now)));
        if (prev != null) b.append(" (").append(num(m.value().apply(prev))).append(")");
        if (m.threshold() != null
            && now != null
            && m.value().apply(now) != null
            && m.value().apply(now) < m.threshold()) b.append(" ⚠");
      }
      b.append(" |\n");
    }
    b.append("\nThresholds (alert rules): success under ")
        .append(num(100 - r.thresholds().failureRate()))
        .append("%, quality under ")
        .append(num(r.thresholds().quality()))
        .append(", satisfaction under ")
        .append(num(r.thresholds().satisfaction()))
        .append(" are marked ⚠.\n\n");
    if (r.kind() == ReviewKind.DAILY) {
      b.append("## Tunings applied\n\n");
      if (r.tunings().isEmpty())
        b.append("None: no estimate or routing preference needed a change.\n");
      for (ConfigVersion v : r.tunings())
        b.append("- version ")
            .append(v.version())
            .append(": ")
            .append(v.change())
            .append(" — ")
            .append(v.reason())
            .append(" (runs: ")
            .append(v.figures().getOrDefault("runs", List.of()))
            .append(")\n");
      b.append("\n");
    }
    if (r.kind() == ReviewKind.WEEKLY) {
      b.append("## Validation of the week's changes\n\n");
      if (r.verdicts().isEmpty()) b.append("No change to validate.\n");
      else {
        b.append("| version | change | figure | before | after | samples | verdict |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Validator.Verdict v : r.verdicts())
          b.append("| ")
              .append(v.version())
              .append(" | ")
              .append(v.change())
              .append(" | ")
              .append(v.figure())
              .append(" | ")
              .append(num(v.before()))
              .append(" | ")
              .append(num(v.after()))
              .append(" | ")
              .append(v.samples())
              .append(" | ")
              .append(v.verdict())
              .append(v.reverted() > 0 ? " (version " + v.reverted() + ")" : "")
              .append(" |\n");
        for (Validator.Verdict v : r.verdicts())
          if (!v.reason().isEmpty())
            b.append("\nVersion ")
                .append(v.version())
                .append(" reverted: ")
                .append(v.reason())
                .append(".\n");
      }
      b.append("\n");
    }
    if (r.kind() != ReviewKind.DAILY) gaps(r, b);
    if (r.kind() == ReviewKind.MONTHLY) specialization(r, b);
    b.append("## Proposals opened\n\n");
    if (r.proposals().isEmpty()) b.append("None.\n");
    for (Proposal p : r.proposals())
      b.append("- ")
          .append(p.id())
          .append(" [")
          .append(p.kind())
          .append("] ")
          .append(p.change())
          .append(" — ")
          .append(p.reason())
          .append(". Answer with `baton approve ")
          .append(p.id())
          .append("` or `baton reject ")
          .append(p.id())
          .append("`.\n");
    long waiting = all.stream().filter(p -> p.state().equals("open")).count();
    b.append("\nOpen proposals in all: ").append(waiting).append(".\n\n");
    if (r.kind() != ReviewKind.DAILY && !edits.isEmpty()) {
      b.append("## Workflow edits agreed, to make by hand\n\n");
      b.append("Baton does not rewrite workflow files: these approved proposals wait for you ");
      b.append("(`baton config history --json` shows them under `workflowEdits`).\n\n");
      edits.forEach((k, e) -> b.append("- ").append(k).append(": ").append(e).append("\n"));
      b.append("\n");
    }
    if (!r.applied().isEmpty()) {
      b.append("## Approved proposals applied\n\n");
      for (Proposal p : r.applied())
        b.append("- ").append(p.id()).append(": ").append(p.change()).append("\n");
      b.append("\n");
    }
    b.append("## Sources\n\nEvery figure above is computed from the journals of these runs ");
    b.append("(`baton events RUN --json`):\n\n");
    for (String a : agents) {
      Figures now = r.figures().get(a);
      if (now != null && !now.runs().isEmpty())
        b.append("- ").append(a).append(": ").append(String.join(", ", now.runs())).append("\n");
    }
    return b.toString();
  }

  private static void gaps(Review r, StringBuilder b) {
    b.append("## Capability gaps\n\n");
    Map<String, Long> gaps =
        r.observations().gaps().stream()
            .collect(
                Collectors.groupingBy(
                    Observations.GapFact::capability, TreeMap::new, Collectors.counting()));
    if (gaps.isEmpty()) b.append("No knowledge gap was reported.\n");
    gaps.forEach((c, n) -> b.append("- ").append(c).append(": ").append(n).append(" gaps\n"));
    if (!r.observations().specialistsCreated().isEmpty())
      b.append("\nSpecialists created: ")
          .append(String.join(", ", r.observations().specialistsCreated()))
          .append(".\n");
    b.append("\n");
  }

  private static void specialization(Review r, StringBuilder b) {
    b.append("## Specialization effectiveness\n\n| agent | task type | attempts | success % |\n");
    b.append("| --- | --- | --- | --- |\n");
    r.observations().attempts().stream()
        .collect(
            Collectors.groupingBy(
                a -> a.agent() + " | " + a.workflow() + "/" + a.taskType(),
                TreeMap::new,
                Collectors.toList()))
        .forEach((k, xs) ->
            b.append("| ")
                .append(k)
                .append(" | ")
                .append(xs.size())
                .append(" | ")
                .append(num(Figures.success(xs)))
                .append(" |\n"));
    b.append("\n");
  }

  static String num(Double d) {
    if (d == null) return "-";
    return d == Math.rint(d) ? Long.toString(d.longValue()) : String.format(Locale.ROOT, "%.1f", d);
  }
}
