package dev.baton.improve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.baton.journal.CommandKind;
import dev.baton.journal.RunCommand;
import dev.baton.monitoring.MonitoringConfig;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.test.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month of simulated runs of {@code ops} ({@link OpsRuns}) with the scheduler on a manual clock:
 * the weekly review's workflow optimisations ({@code retries}, {@code unused-step}), the monthly
 * review's redesigns ({@code split}, {@code redesign}), and the weekly validation reverting an
 * approved threshold that hid a degradation.
 */
class WorkflowMonthTest {
  static final Set<Integer> RUN_HOURS = Set.of(10, 12, 14, 16, 18, 20);
  static final Set<String> APPROVED = Set.of("threshold", "retries", "unused-step");
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-01T00:00:00Z"));
  JournalStore store;

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_month_of_runs_gives_known_optimisations_redesigns_and_a_threshold_revert()
      throws Exception {
    store = Stores.sqlite(dir.resolve("b.db"), clock);
    Reviewer reviewer =
        new Reviewer(store, ImprovementConfig.defaults(), MonitoringConfig.defaults(), clock);
    ReviewScheduler scheduler = new ReviewScheduler(store, reviewer, clock, dir.resolve("reports"));
    OpsRuns ops = new OpsRuns(store, reviewer.config(), Instant.parse("2026-11-04T00:00:00Z"));
    Set<String> decided = new java.util.HashSet<>();
    // through the monthly review of November, on the first of December at 08:00
    Instant end = Instant.parse("2026-12-01T09:00:00Z");
    while (clock.instant().isBefore(end)) {
      if (RUN_HOURS.contains(clock.instant().atZone(ZoneOffset.UTC).getHour()))
        ops.run(clock.instant());
      scheduler.runDue();
      // a person approves the first proposal of each of these kinds as soon as it is open
      for (Proposal p : reviewer.proposals().list())
        if (APPROVED.contains(p.kind()) && p.state().equals("open") && decided.add(p.kind()))
          store.submit(
              new RunCommand(
                  0,
                  ProposalBook.STREAM,
                  CommandKind.DECIDE,
                  p.id(),
                  "approve",
                  List.of(),
                  "alice",
                  "",
                  clock.instant()));
      clock.advance(Duration.ofHours(1));
    }

    List<ConfigVersion> history = reviewer.config().history();
    String trail =
        String.join(
            "\n",
            history.stream()
                .map(v -> v.version() + " " + v.time() + " " + v.author() + ": " + v.change())
                .toList());
    List<Proposal> proposals = reviewer.proposals().list();
    String opened =
        String.join(
            "\n",
            proposals.stream()
                .map(p ->
                    p.id()
                        + " "
                        + p.opened()
                        + " "
                        + p.kind()
                        + " "
                        + p.subject()
                        + " "
                        + p.state()
                        + ": "
                        + p.change()
                        + " — "
                        + p.reason())
                .toList());
    assertThat(proposals)
        .as(opened)
        .extracting(Proposal::kind, Proposal::subject, Proposal::state)
        .contains(
            tuple("threshold", "failure-rate", "applied"),
            tuple("retries", "ops/check", "applied"),
            tuple("unused-step", "ops/page", "applied"),
            tuple("split", "ops/schema", "open"),
            tuple("redesign", "ops/release", "open"));
    Proposal retries = kind(proposals, "retries");
    assertThat(retries.change()).isEqualTo("retries of ops/check: 0");
    assertThat(retries.reason()).contains("no retry succeeded");
    assertThat(kind(proposals, "unused-step").reason())
        .isEqualTo(
            "its when (inputs.urgent) was false in all 6 runs of the period: the step never ran");
    assertThat(kind(proposals, "split").reason()).contains("mia 50%").contains("noa 50%");
    assertThat(kind(proposals, "redesign").reason()).contains("pat (").contains("quin (");

    // the retries override reached the runs, and the weekly validation kept it
    assertThat(reviewer.config().current().tuning("ops").retries()).containsEntry("check", 0);
    assertThat(reviewer.config().current().edits()).containsKey("unused-step ops/page");
    // the raised failure-rate threshold hid gil's degradation at check: reverted by validation
    List<ConfigVersion> reverts =
        history.stream().filter(v -> v.author().equals("validation")).toList();
    assertThat(reverts).as(trail).hasSize(1);
    assertThat(reverts.get(0).change()).as(trail).contains("threshold of alert rule failure-rate");
    assertThat(reverts.get(0).reason())
        .startsWith("the new threshold hid a degradation: gil × ops/check");
    assertThat(reviewer.config().current().thresholds())
        .as(trail)
        .doesNotContainKey("failure-rate");

    for (String name :
        List.of(
            "review-weekly-2026-11-09.md",
            "review-weekly-2026-11-16.md",
            "review-monthly-2026-12-01.md")) {
      String report = Files.readString(dir.resolve("reports").resolve(name));
      Path golden = Path.of("src/test/resources/golden/ops-" + name);
      if (Boolean.getBoolean("golden.update")) Files.writeString(golden, report);
      assertThat(report).as(name).isEqualTo(Files.readString(golden));
    }
  }

  private static Proposal kind(List<Proposal> proposals, String kind) {
    return proposals.stream().filter(p -> p.kind().equals(kind)).findFirst().orElseThrow();
  }
}
