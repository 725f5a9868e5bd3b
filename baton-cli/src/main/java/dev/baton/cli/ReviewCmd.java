package dev.baton.cli;

import dev.baton.improve.ConfigVersion;
import dev.baton.improve.Proposal;
import dev.baton.improve.Review;
import dev.baton.improve.ReviewBusyException;
import dev.baton.improve.ReviewKind;
import dev.baton.improve.ReviewScheduler;
import dev.baton.improve.Reviewer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton review daily|weekly|monthly [--at TIME] [--out DIR]}: one review now over the period
 * ending at {@code --at} (docs/improvement.md): the report, the bounded tunings, the proposals.
 */
@Command(
    name = "review",
    description =
        "Review the period ending now (or --at): write review-KIND-DATE.md and .html, apply bounded tunings, open proposals.")
final class ReviewCmd implements Callable<Integer> {
  @Parameters(paramLabel = "daily|weekly|monthly")
  String kind;

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description =
          "end of the period: 2026-11-30T06:00:00Z, 2026-11-30T06:00 or 2026-11-30 (baton.yaml's time zone); default now")
  String at;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "where the reports go (default: .baton/reviews beside the store)")
  Path out;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    ReviewKind k =
        ReviewKind.of(kind)
            .orElseThrow(
                () -> new UserError("unknown review '" + kind + "': use daily, weekly or monthly"));
    var improvement = ProjectConfig.improvement();
    ZonedDateTime end =
        at == null
            // exactly now: a period cut at the second would leave out what the last second
            // recorded (the runs that just ended)
            ? ZonedDateTime.now(improvement.timezone())
            : parse(at, improvement.timezone());
    try (Context ctx = Context.open(store)) {
      Clock clock = Clock.systemUTC();
      Reviewer reviewer = new Reviewer(ctx.store, improvement, ProjectConfig.monitoring(), clock);
      Path dir = out != null ? out : ctx.stateDir.resolve("reviews");
      // claimed like a scheduled tick: a server's scheduler never reviews the same period too
      Review r;
      try {
        r = new ReviewScheduler(ctx.store, reviewer, clock, dir).reviewNow(k, end);
      } catch (ReviewBusyException e) {
        throw new UserError("not reviewed: " + e.getMessage());
      }
      System.out.println("Wrote " + r.markdown() + " and " + r.html());
      for (ConfigVersion v : r.tunings())
        System.out.println(
            "Tuned (version " + v.version() + "): " + v.change() + " — " + v.reason());
      for (var v : r.verdicts())
        System.out.println(
            "Validated version "
                + v.version()
                + " ("
                + v.change()
                + "): "
                + v.verdict()
                + (v.reason().isEmpty() ? "" : " — " + v.reason()));
      for (Proposal p : r.proposals())
        System.out.println(
            "Proposal "
                + p.id()
                + " ["
                + p.kind()
                + "]: "
                + p.change()
                + " — approve with `baton approve "
                + p.id()
                + "`");
      for (Proposal p : r.applied())
        System.out.println("Applied proposal " + p.id() + ": " + p.change());
      return ExitCodes.OK;
    }
  }

  static ZonedDateTime parse(String text, ZoneId zone) {
    try {
      if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$"))
        return Instant.parse(
                text.endsWith("Z") ? text : ZonedDateTime.parse(text).toInstant().toString())
            .atZone(zone);
      if (text.contains("T")) return LocalDateTime.parse(text).atZone(zone);
      return LocalDate.parse(text).atStartOfDay(zone);
    } catch (DateTimeException e) {
      throw new UserError(
          "--at: '"
              + text
              + "' is not a time; write 2026-11-30T06:00:00Z, 2026-11-30T06:00 or 2026-11-30");
    }
  }
}
