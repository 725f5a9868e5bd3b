package dev.baton.meta.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A report as the meta agent reads it: its prose split into sentences and clauses, each weighed by
 * its role, and its log lines parsed for signals. A word in the sentence that names the cause
 * ("because…", "instead of…", "the trigger was dropped…") counts double; a word in a clause that
 * rules something out ("the handlers are not the problem", "the refresh itself works") counts
 * against its area; what someone else claims ("the manager says…") and words inside quoted log
 * lines count little.
 *
 * @param areas the evidence per area of the {@link Lexicon}, saturated (a hundred log lines do not
 *     outweigh one clear sentence)
 * @param stems every stem with its total weight, for matching the agents' own words
 * @param clues the strongest evidence, for the reasons of a decision
 * @param prose the report without its log lines (what an embedding model reads)
 */
public record Reading(
    Map<String, Double> areas, Map<String, Double> stems, List<Clue> clues, String prose) {

  /** One piece of evidence: its area, what was seen, and its weight. */
  public record Clue(String area, String seen, double weight) {}

  static final double LOG_WORD = 0.35;
  static final double QUOTED = 0.6;
  static final double CAUSE = 2.0;
  static final double FIRST = 1.3;
  static final double RULED_OUT = -0.7;
  static final double HEARSAY = 0.5;
  static final double VULNERABILITY = 1.0;

  private static final Pattern LOG_LINE =
      Pattern.compile(
          "^\\s*(at\\s|\\.\\.\\.|\\[|#|>|\\$|\\d{4}-\\d\\d-\\d\\d|\\d\\d:\\d\\d"
              + "|[A-Z][a-z]{2} \\d+ \\d\\d:|(ERROR|WARN|WARNING|INFO|DEBUG|FATAL|LOG|DETAIL|HINT"
              + "|CONTEXT|STATEMENT|Caused by|Error|Warning|Exception|Tests run|FAILED|====)\\b"
              + "|[\\w.$]+(Exception|Error)\\b|HTTP/|GET |POST |PUT |PATCH |DELETE |\\{|\\w+-\\w+-\\w+\\s+\\d/\\d)");
  private static final Pattern INDENTED = Pattern.compile("^( {2,}|\\t)\\S");
  private static final Pattern CAUSE_CUE =
      Pattern.compile(
          "\\b(because|caused by|root cause|due to|turns out|the reason|instead of|so that"
              + "|which means|apparently|the problem is|the issue is|the cause|should|must"
              + "|needs to|need to|never|without|was dropped|is missing|are missing|has no|have no"
              + "|no index|not mounted|not configured|not updated|not invalidated|ignores?)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern RULED_OUT_CUE =
      Pattern.compile(
          "\\b((is|are|was|were)( not|n't) (the )?(problem|cause|issue|culprit)"
              + "|(works|working|worked|answer|answers) (fine|correctly|as expected)"
              + "|itself works|itself is fine|(is|are|looks|look|seem|seems) (fine|right|correct)"
              + "|correctly|nothing (in|on|about) .{0,40}(is )?wrong|(has|have|had) not changed"
              + "|did not change|is the same|are the same|the right (request|data|answer)"
              + "|it does not|not a (security|database|frontend|test|network) (issue|problem))",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern HEARSAY_CUE =
      Pattern.compile(
          "\\b(says|said|claims|claimed|thinks|believes|insists)\\b", Pattern.CASE_INSENSITIVE);

  /** Reads a report. */
  public static Reading of(String report) {
    Builder b = new Builder();
    StringBuilder prose = new StringBuilder();
    for (String line : report.split("\\R")) {
      if (line.isBlank()) {
        prose.append('\n');
        continue;
      }
      if (isLog(line)) {
        b.words(line, LOG_WORD, "a log line");
      } else {
        prose.append(line.strip()).append(' ');
      }
    }
    for (LogSignals.Signal s : LogSignals.of(report))
      b.area(s.area(), s.weight(), "'" + abbreviate(s.seen()) + "'");
    boolean first = true;
    for (String sentence : prose.toString().split("(?<=[.!?])\\s+|\\n\\s*")) {
      if (sentence.isBlank()) continue;
      double w = first ? FIRST : 1;
      first = false;
      if (HEARSAY_CUE.matcher(sentence).find() && !CAUSE_CUE.matcher(sentence).find()) w *= HEARSAY;
      else if (CAUSE_CUE.matcher(sentence).find()) w *= CAUSE;
      for (String clause : sentence.split("[;:()]|,\\s(?=so |but |and the |while )|\\s(?=but )")) {
        boolean out = RULED_OUT_CUE.matcher(clause).find();
        quotedAware(b, clause, out ? RULED_OUT : w, out ? "a clause ruling it out" : role(w));
      }
    }
    return b.build(prose.toString().strip());
  }

  private static String role(double w) {
    if (w >= CAUSE) return "the cause";
    if (w < 1) return "what someone claims";
    return "the report";
  }

  private static void quotedAware(Builder b, String clause, double w, String where) {
    String[] parts = clause.split("\"");
    for (int i = 0; i < parts.length; i++)
      b.words(parts[i], i % 2 == 1 ? w * QUOTED : w, i % 2 == 1 ? "a quote" : where);
  }

  /**
   * How much a profile's text (role, capabilities, keywords, description, example tasks) uses each
   * area's words, unweighted by sentence roles: which areas an agent belongs to.
   */
  public static Map<String, Double> areasOf(String profile) {
    Builder b = new Builder();
    b.words(profile.replace('-', ' '), 1, "the profile");
    return b.raw;
  }

  static boolean isLog(String line) {
    return LOG_LINE.matcher(line).find() || INDENTED.matcher(line).find();
  }

  private static String abbreviate(String s) {
    return s.length() <= 48 ? s : s.substring(0, 45) + "...";
  }

  private static final class Builder {
    final Map<String, Double> raw = new LinkedHashMap<>();
    final Map<String, Double> stems = new LinkedHashMap<>();
    final List<Clue> clues = new ArrayList<>();

    void area(String area, double w, String seen) {
      if (area.equals("security") && w >= 2.5) vulnerability = true;
      raw.merge(area, w, Double::sum);
      clues.add(new Clue(area, seen, w));
    }

    boolean vulnerability;

    void words(String text, double w, String where) {
      List<String> s = Words.stems(text);
      for (String stem : s) stems.merge(stem, w, Double::sum);
      int longest = Lexicon.longest();
      // longest match first: "sql injection" is one term of security, not also "sql" of database
      int i = 0;
      while (i < s.size()) {
        int matched = 1;
        for (int len = Math.min(longest, s.size() - i); len >= 1; len--) {
          List<Lexicon.Hit> hits = Lexicon.lookup(String.join(" ", s.subList(i, i + len)));
          if (hits.isEmpty()) continue;
          for (Lexicon.Hit h : hits) {
            double v = w * h.term().weight();
            raw.merge(h.area(), v, Double::sum);
            if (h.area().equals("security") && h.term().weight() >= 2.5 && w > 0)
              vulnerability = true;
            clues.add(new Clue(h.area(), "'" + h.term().text() + "' in " + where, v));
          }
          matched = len;
          break;
        }
        i += matched;
      }
    }

    Reading build(String prose) {
      Map<String, Double> areas = new LinkedHashMap<>();
      for (String a : Lexicon.AREAS) {
        double r = raw.getOrDefault(a, 0.0);
        areas.put(a, Math.signum(r) * Math.log1p(Math.abs(r)));
      }
      // a named vulnerability is a security matter whatever the mechanism's words (the team's rule:
      // security implications, the security agent leads)
      if (vulnerability) areas.merge("security", VULNERABILITY, Double::sum);
      List<Clue> sorted = new ArrayList<>(clues);
      sorted.sort((x, y) -> Double.compare(Math.abs(y.weight()), Math.abs(x.weight())));
      return new Reading(areas, stems, List.copyOf(sorted), prose);
    }
  }
}
