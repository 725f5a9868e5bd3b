package dev.baton.improve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.CommandKind;
import dev.baton.monitoring.MonitoringConfig;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.test.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month of simulated runs ({@link SimulatedRuns}) with the scheduler on a manual clock: the known
 * tunings, the known proposals, one approved and applied in the window, and one automatic revert.
 */
class MonthTest {
  static final Set<Integer> RUN_HOURS = Set.of(10, 12, 14, 16, 18, 20);
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-01T00:00:00Z"));
  JournalStore store;

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_month_of_runs_gives_known_tunings_proposals_and_one_revert() throws Exception {
    store = Stores.sqlite(dir.resolve("b.db"), clock);
    Reviewer reviewer =
        new Reviewer(store, ImprovementConfig.defaults(), MonitoringConfig.defaults(), clock);
    ReviewScheduler scheduler = new ReviewScheduler(store, reviewer, clock, dir.resolve("reports"));
    SimulatedRuns sim =
        new SimulatedRuns(store, reviewer.config(), Instant.parse("2026-11-04T00:00:00Z"));
    List<Review> reviews = new ArrayList<>();
    Instant end = Instant.parse("2026-12-01T00:00:00Z");
    while (clock.instant().isBefore(end)) {
      if (RUN_HOURS.contains(clock.instant().atZone(ZoneOffset.UTC).getHour()))
        sim.run(clock.instant());
      reviews.addAll(scheduler.runDue());
      // a person approves the budget proposal as soon as it is open
      reviewer.proposals().list().stream()
          .filter(p -> p.kind().equals("budget") && p.state().equals("open"))
          .forEach(p ->
              store.submit(
                  new dev.baton.journal.RunCommand(
                      0,
                      ProposalBook.STREAM,
                      CommandKind.DECIDE,
                      p.id(),
                      "approve",
                      List.of(),
                      "alice",
                      "",
                      clock.instant())));
      clock.advance(Duration.ofHours(1));
    }

    List<ConfigVersion> history = reviewer.config().history();
    List<String> changes = history.stream().map(ConfigVersion::change).toList();
    assertThat(changes.get(0)).isEqualTo("estimate of sim/build: 10m -> 6m");
    assertThat(changes).contains("routing preference of sim/route: c > b");
    List<ConfigVersion> reverts =
        history.stream().filter(v -> v.author().equals("validation")).toList();
    assertThat(reverts)
        .as(
            history.stream()
                .map(v -> v.time() + " " + v.author() + ": " + v.change())
                .toList()
                .toString())
        .hasSize(1);
    assertThat(reverts.get(0).change())
        .as(String.join("\n", changes))
        .matches("revert version \\d+: routing preference of sim/route: c > b");
    assertThat(reverts.get(0).reason()).startsWith("first-attempt success % got worse");
    String budget =
        reviewer.proposals().list().stream()
            .filter(p -> p.kind().equals("budget"))
            .findFirst()
            .orElseThrow()
            .id();
    assertThat(history)
        .filteredOn(v -> v.author().equals("proposal " + budget + " approved by alice"))
        .extracting(ConfigVersion::change)
        .containsExactly("budget of phase sim/deploy: 5m -> 9m");

    List<Proposal> proposals = reviewer.proposals().list();
    assertThat(proposals)
        .extracting(Proposal::kind, Proposal::subject, Proposal::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("reassign", "sim/test", "open"),
            org.assertj.core.groups.Tuple.tuple("budget", "sim/deploy", "applied"),
            org.assertj.core.groups.Tuple.tuple("specialist", "k8s", "open"),
            org.assertj.core.groups.Tuple.tuple("reassign", "sim/route", "open"),
            // c's route failures once it degraded: most agent × task types over 20%
            org.assertj.core.groups.Tuple.tuple("threshold", "failure-rate", "open"));
    // the tuned values reached the runs: later runs recorded the version they started with
    assertThat(store.read("sim-180", 0).get(1).event())
        .isInstanceOf(dev.baton.journal.Event.ConfigurationApplied.class);

    // golden report: the first daily review, byte for byte
    String report = Files.readString(dir.resolve("reports/review-daily-2026-11-02.md"));
    Path golden = Path.of("src/test/resources/golden/review-daily-2026-11-02.md");
    if (Boolean.getBoolean("golden.update")) Files.writeString(golden, report);
    assertThat(report).isEqualTo(Files.readString(golden));
    assertThat(reviews).isNotEmpty();
  }
}
