package dev.baton.improve;

import dev.baton.improve.internal.ReportWriter;
import dev.baton.meta.Examples;
import dev.baton.meta.TriageExample;
import dev.baton.monitoring.AlertRule;
import dev.baton.monitoring.MonitoringConfig;
import dev.baton.store.JournalStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one review (docs/improvement.md) over the period ending at a given time: reads the journals,
 * applies the daily tunings, validates the week's changes, opens proposals, applies approved ones
 * when the time falls in the low-traffic window, and writes {@code review-KIND-DATE.md} and {@code
 * .html}.
 */
public final class Reviewer {
  private final JournalStore store;
  private final ConfigBook config;
  private final ProposalBook proposals;
  private final ImprovementConfig improvement;
  private final MonitoringConfig monitoring;
  private final Clock clock;

  public Reviewer(
      JournalStore store, ImprovementConfig improvement, MonitoringConfig monitoring, Clock clock) {
    this.store = store;
    this.config = new ConfigBook(store, clock);
    this.proposals = new ProposalBook(store, config, clock);
    this.improvement = improvement;
    this.monitoring = monitoring;
    this.clock = clock;
  }

  public ConfigBook config() {
    return config;
  }

  public ProposalBook proposals() {
    return proposals;
  }

  public ImprovementConfig improvement() {
    return improvement;
  }

  /**
   * The stages of a review (docs/improvement.md). A daily cycle's stages are scheduled apart
   * (morning analysis, midday tunings, evening proposals); a manual review and the weekly and
   * monthly ones run them all at once.
   */
  public enum Stage {
    /** The report of the period (and, weekly, the validation of applied changes). */
    ANALYSIS,
    /** The bounded tunings, applied as configuration versions. */
    TUNINGS,
    /** Proposals for people. */
    PROPOSALS;

    public static final Set<Stage> ALL = Collections.unmodifiableSet(EnumSet.allOf(Stage.class));
  }

  /** Every stage of the review of {@code kind} over the period ending at {@code at}. */
  public Review review(ReviewKind kind, ZonedDateTime at, Path outDir) {
    return review(kind, Stage.ALL, at, outDir);
  }

  /**
   * The given stages of the review of {@code kind} over the period ending at {@code at}. The report
   * ({@code review-KIND-DATE.md} of the period) is written by each stage: a later stage's report
   * also lists what the earlier stages of the same period did (the tunings and proposals made since
   * the period's end).
   */
  public Review review(ReviewKind kind, Set<Stage> stages, ZonedDateTime at, Path outDir) {
    ZonedDateTime end = at.withZoneSameInstant(improvement.timezone());
    ZonedDateTime start = kind.periodStart(end);
    ZonedDateTime before = kind.periodStart(start);
    Observations now = Observations.read(store, start.toInstant(), end.toInstant());
    Observations prev = Observations.read(store, before.toInstant(), start.toInstant());
    MonitoringConfig monitoring = config.monitoring(this.monitoring);
    double failure = monitoring.rule(AlertRule.FAILURE_RATE).threshold();
    List<ConfigVersion> tunings = new ArrayList<>();
    List<Validator.Verdict> verdicts = List.of();
    if (kind == ReviewKind.DAILY && stages.contains(Stage.TUNINGS)) {
      java.time.Instant dayAgo = clock.instant().minus(java.time.Duration.ofDays(1));
      java.util.Set<String> tunedToday =
          config.history().stream()
              .filter(v -> v.time().isAfter(dayAgo) && "estimate".equals(v.figures().get("kind")))
              .map(v -> v.figures().get("workflow") + "/" + v.figures().get("step"))
              .collect(java.util.stream.Collectors.toSet());
      java.time.Instant weekAgo = clock.instant().minus(java.time.Duration.ofDays(7));
      java.util.Set<String> routedThisWeek =
          config.history().stream()
              .filter(v ->
                  v.time().isAfter(weekAgo)
                      && ("routing".equals(v.figures().get("kind"))
                          || v.figures().containsKey("reverts")))
              .map(v -> v.figures().get("workflow") + "/" + v.figures().get("step"))
              .collect(java.util.stream.Collectors.toSet());
      for (Tuner.Change c : Tuner.propose(now, config.current(), tunedToday, routedThisWeek))
        Tuner.apply(config, "review:daily", c).ifPresent(tunings::add);
    } else if (kind == ReviewKind.WEEKLY && stages.contains(Stage.ANALYSIS)) {
      verdicts =
          Validator.validate(
              config,
              Observations.read(store, start.minusWeeks(1).toInstant(), end.toInstant()),
              start.toInstant(),
              end.toInstant());
    }
    List<Proposal> opened =
        stages.contains(Stage.PROPOSALS)
            ? proposals.open(withoutRecentlyReverted(drafts(kind, now, monitoring, start, end)))
            : List.of();
    if (!stages.equals(Stage.ALL)) {
      // a stage of a cycle: the report shows what every stage of this period did so far
      List<ConfigVersion> since = new ArrayList<>();
      for (ConfigVersion v : config.history())
        if (v.author().equals("review:" + kind.word()) && !v.time().isBefore(end.toInstant()))
          since.add(v);
      tunings = since;
      List<Proposal> openedSince = new ArrayList<>();
      for (Proposal p : proposals.list())
        if (!p.opened().isBefore(end.toInstant())) openedSince.add(p);
      opened = openedSince;
    }
    List<Proposal> applied = List.of();
    if (improvement.inWindow(end)) {
      applied = proposals.applyApproved(Observations.criticalActive(store));
    }
    Review.Thresholds thresholds =
        new Review.Thresholds(
            failure,
            monitoring.rule(AlertRule.LOW_QUALITY).threshold(),
            monitoring.rule(AlertRule.LOW_SATISFACTION).threshold(),
            monitoring.rule(AlertRule.REPEATED_ESCALATION).threshold());
    Review r =
        new Review(
            kind,
            start,
            end,
            now,
            Figures.byAgent(now),
            Figures.byAgent(prev),
            tunings,
            opened,
            applied,
            verdicts,
            thresholds,
            outDir.resolve(name(kind, end, "md")),
            outDir.resolve(name(kind, end, "html")));
    ReportWriter.write(
        r, proposals.list(), Optional.of(config.currentVersion()), config.current().edits());
    return r;
  }

  /**
   * Leaves out drafts of the kind and subject of a proposal whose change the validation reverted in
   * the last two weeks: the figures that called for it have not had time to change.
   */
  private List<Proposer.Draft> withoutRecentlyReverted(List<Proposer.Draft> drafts) {
    java.time.Instant since = clock.instant().minus(java.time.Duration.ofDays(14));
    List<ConfigVersion> history = config.history();
    java.util.Set<Long> reverted = new java.util.HashSet<>();
    for (ConfigVersion v : history)
      if (v.author().equals("validation")
          && v.time().isAfter(since)
          && v.figures().get("reverts") instanceof Number n) reverted.add(n.longValue());
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (ConfigVersion v : history)
      if (reverted.contains(v.version()) && v.figures().get("proposal") != null)
        ids.add(v.figures().get("proposal").toString());
    if (ids.isEmpty()) return drafts;
    java.util.Set<String> subjects = new java.util.HashSet<>();
    for (Proposal p : proposals.list())
      if (ids.contains(p.id())) subjects.add(p.kind() + " " + p.subject());
    return drafts.stream().filter(d -> !subjects.contains(d.kind() + " " + d.subject())).toList();
  }

  /**
   * What the review of {@code kind} proposes, with the alert rules in effect ({@code monitoring})
   * and the period's corrections of who leads.
   */
  private List<Proposer.Draft> drafts(
      ReviewKind kind,
      Observations now,
      MonitoringConfig monitoring,
      ZonedDateTime start,
      ZonedDateTime end) {
    List<TriageExample> corrections = corrections(start.toInstant(), end.toInstant());
    return Proposer.propose(
        kind, now, monitoring, config.current(), corrections, ProfileWords.of(store, corrections));
  }

  /** The meta agent's examples learned in the period: corrections of who should lead. */
  private List<TriageExample> corrections(java.time.Instant from, java.time.Instant to) {
    return Examples.of(store).stream()
        .filter(x -> !x.time().isBefore(from) && x.time().isBefore(to))
        .toList();
  }

  /** Applies approved proposals now, unless a critical run is active (the window's job). */
  public List<Proposal> applyApproved() {
    return proposals.applyApproved(Observations.criticalActive(store));
  }

  static String name(ReviewKind kind, ZonedDateTime end, String ext) {
    return "review-" + kind.word() + "-" + end.toLocalDate() + "." + ext;
  }
}
