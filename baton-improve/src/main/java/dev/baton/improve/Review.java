package dev.baton.improve;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * What one review found and did: the figures of the period and of the one before, the tunings it
 * applied, the proposals it opened, its verdicts on earlier changes, and the report files.
 */
public record Review(
    ReviewKind kind,
    ZonedDateTime from,
    ZonedDateTime to,
    Observations observations,
    Map<String, Figures> figures,
    Map<String, Figures> previous,
    List<ConfigVersion> tunings,
    List<Proposal> proposals,
    List<Proposal> applied,
    List<Validator.Verdict> verdicts,
    Thresholds thresholds,
    Path markdown,
    Path html) {

  /** The alert thresholds a report draws its charts against (docs/monitoring.md). */
  public record Thresholds(
      double failureRate, double quality, double satisfaction, double escalations) {}
}
