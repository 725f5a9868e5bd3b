package dev.baton.improve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.journal.LeaseOwner;
import dev.baton.monitoring.MonitoringConfig;
import dev.baton.store.JournalStore;
import dev.baton.store.LocalPostgres;
import dev.baton.store.NodeLease;
import dev.baton.store.Stores;
import dev.baton.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedules of docs/improvement.md on a manual clock: each tick fired exactly once by three
 * processes' schedulers sharing one store (SQLite file, PostgreSQL), a missed tick caught up once,
 * and no review starting while the previous one of its kind runs.
 */
class SchedulerTest {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-01T00:30:00Z"));
  final List<JournalStore> stores = new ArrayList<>();

  @AfterEach
  void close() {
    stores.forEach(JournalStore::close);
  }

  ReviewScheduler scheduler(JournalStore store) {
    Reviewer reviewer =
        new Reviewer(store, ImprovementConfig.defaults(), MonitoringConfig.defaults(), clock);
    return new ReviewScheduler(store, reviewer, clock, dir.resolve("reports"));
  }

  List<ReviewScheduler> three(Supplier<JournalStore> open) {
    List<ReviewScheduler> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      JournalStore s = open.get();
      stores.add(s);
      out.add(scheduler(s));
    }
    return out;
  }

  /** Moves the clock hour by hour; at each hour the three schedulers run at once. */
  List<Review> run(List<ReviewScheduler> schedulers, Duration span) {
    ConcurrentLinkedQueue<Review> reviews = new ConcurrentLinkedQueue<>();
    Instant end = clock.instant().plus(span);
    while (clock.instant().isBefore(end)) {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (ReviewScheduler s : schedulers)
        all.add(CompletableFuture.runAsync(() -> reviews.addAll(s.runDue())));
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      clock.advance(Duration.ofHours(1));
    }
    return new ArrayList<>(reviews);
  }

  static long count(List<Review> reviews, ReviewKind kind) {
    return reviews.stream().filter(r -> r.kind() == kind).count();
  }

  @Test
  void three_processes_on_one_sqlite_file_fire_each_tick_of_a_month_exactly_once() {
    Path db = dir.resolve("b.db");
    List<ReviewScheduler> s = three(() -> Stores.sqlite(db, clock));
    List<Review> reviews = run(s, Duration.ofDays(30));
    // November 2026, plus each kind's latest tick before the start, caught up at once
    // the daily cycle's three stages (morning, midday, evening) are each a tick of their own
    assertThat(count(reviews, ReviewKind.DAILY)).isEqualTo(31 * 3);
    assertThat(s.get(1).claimedTicks("daily-tunings"))
        .hasSize(31)
        .doesNotHaveDuplicates()
        .startsWith("2026-10-31T12:00Z");
    assertThat(s.get(2).claimedTicks("daily-proposals"))
        .hasSize(31)
        .doesNotHaveDuplicates()
        .startsWith("2026-10-31T18:00Z");
    assertThat(count(reviews, ReviewKind.WEEKLY)).isEqualTo(6);
    assertThat(count(reviews, ReviewKind.MONTHLY)).isEqualTo(2);
    List<String> daily = s.get(0).claimedTicks(ReviewKind.DAILY);
    assertThat(daily).hasSize(31).doesNotHaveDuplicates();
    assertThat(daily.getLast()).isEqualTo("2026-11-30T06:00Z");
    assertThat(s.get(2).claimedTicks(ReviewKind.WEEKLY))
        .containsExactly(
            "2026-10-26T07:00Z",
            "2026-11-02T07:00Z",
            "2026-11-09T07:00Z",
            "2026-11-16T07:00Z",
            "2026-11-23T07:00Z",
            "2026-11-30T07:00Z");
    assertThat(dir.resolve("reports/review-daily-2026-11-30.md")).exists();
    assertThat(dir.resolve("reports/review-weekly-2026-11-23.html")).exists();
  }

  @Test
  void three_processes_on_one_postgresql_database_fire_each_tick_exactly_once() {
    String url = LocalPostgres.get().newDatabase();
    List<ReviewScheduler> s = three(() -> Stores.open(url, clock));
    List<Review> reviews = run(s, Duration.ofDays(8));
    assertThat(count(reviews, ReviewKind.DAILY)).isEqualTo(9 * 3);
    assertThat(count(reviews, ReviewKind.WEEKLY)).isEqualTo(2);
    assertThat(s.get(1).claimedTicks(ReviewKind.DAILY)).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void ticks_missed_while_no_scheduler_ran_are_caught_up_once() {
    ReviewScheduler s = three(() -> Stores.sqlite(dir.resolve("c.db"), clock)).get(0);
    assertThat(count(s.runDue(), ReviewKind.DAILY)).isEqualTo(3); // each stage's latest tick
    clock.advance(Duration.ofDays(3)); // three days of daily ticks pass with nobody running
    List<Review> after = s.runDue();
    assertThat(count(after, ReviewKind.DAILY)).isEqualTo(3); // the latest of each stage
    assertThat(
            after.stream().filter(r -> r.kind() == ReviewKind.DAILY).findFirst().orElseThrow().to())
        .isEqualTo(ZonedDateTime.of(2026, 11, 3, 6, 0, 0, 0, ZoneOffset.UTC));
    assertThat(s.runDue()).isEmpty();
  }

  @Test
  void a_manual_review_and_a_scheduled_tick_of_the_same_period_never_both_run() {
    List<ReviewScheduler> s = three(() -> Stores.sqlite(dir.resolve("e.db"), clock));
    clock.set(Instant.parse("2026-11-02T05:00:00Z"));
    ZonedDateTime six = ZonedDateTime.of(2026, 11, 2, 6, 0, 0, 0, ZoneOffset.UTC);
    // by hand, for the period the 06:00 tick will review: the tick is then not run again
    assertThat(s.get(0).reviewNow(ReviewKind.DAILY, six).to()).isEqualTo(six);
    clock.set(Instant.parse("2026-11-02T06:00:00Z"));
    assertThat(count(s.get(1).runDue(), ReviewKind.DAILY)).isEqualTo(2); // the other stages only
    assertThat(s.get(1).claimedTicks(ReviewKind.DAILY)).containsExactly("2026-11-02T06:00Z");
    // the same period by hand again: refused, with the report it already has
    assertThatThrownBy(() -> s.get(2).reviewNow(ReviewKind.DAILY, six))
        .isInstanceOf(ReviewBusyException.class)
        .hasMessageContaining("already run (review-daily-2026-11-02.md)");
    // a scheduled review that runs (claimed, not finished) refuses a manual one of its kind
    clock.set(Instant.parse("2026-11-03T06:00:00Z"));
    assertThat(s.get(0).claim(ReviewKind.DAILY, six.plusDays(1))).isTrue();
    assertThatThrownBy(() -> s.get(2).reviewNow(ReviewKind.DAILY, six.plusDays(1).plusHours(1)))
        .isInstanceOf(ReviewBusyException.class)
        .hasMessageContaining("is running in process");
    // an earlier period may be reviewed again by hand once nothing runs
    clock.advance(ReviewScheduler.STALE);
    assertThat(s.get(2).reviewNow(ReviewKind.DAILY, six.minusDays(1)).to())
        .isEqualTo(six.minusDays(1));
  }

  @Test
  void a_review_does_not_start_while_the_previous_one_of_its_kind_runs() {
    List<ReviewScheduler> s = three(() -> Stores.sqlite(dir.resolve("d.db"), clock));
    ZonedDateTime first = ZonedDateTime.of(2026, 10, 31, 6, 0, 0, 0, ZoneOffset.UTC);
    assertThat(s.get(0).claim(ReviewKind.DAILY, first)).isTrue(); // claimed, still running
    assertThat(s.get(1).claim(ReviewKind.DAILY, first)).isFalse(); // the same tick: never twice
    clock.advance(Duration.ofMinutes(30));
    assertThat(s.get(1).claim(ReviewKind.DAILY, first.plusDays(1))).isFalse(); // no overlap
    clock.advance(ReviewScheduler.STALE);
    assertThat(s.get(1).claim(ReviewKind.DAILY, first.plusDays(1))).isTrue(); // stale: taken over
  }

  @Test
  void a_review_cut_short_by_a_process_that_is_gone_runs_again_for_its_tick() {
    JournalStore store = Stores.sqlite(dir.resolve("f.db"), clock);
    stores.add(store);
    ZonedDateTime tick = ZonedDateTime.of(2026, 10, 31, 6, 0, 0, 0, ZoneOffset.UTC);
    // this host, this pid, another start time: a process that is gone
    LeaseOwner gone =
        new LeaseOwner(LeaseOwner.current().host(), ProcessHandle.current().pid(), 0, "n1");
    assertThat(scheduler(store, gone).claim(ReviewKind.DAILY, tick)).isTrue();
    ReviewScheduler s = scheduler(store);
    assertThat(s.runDue()).anyMatch(r -> r.kind() == ReviewKind.DAILY && r.to().isEqual(tick));
    assertThat(s.claimedTicks(ReviewKind.DAILY)).containsExactly(tick.toString(), tick.toString());
    assertThat(s.runDue()).isEmpty();
  }

  @Test
  void a_review_of_a_node_on_another_host_runs_again_once_the_node_lost_its_name_s_lease() {
    JournalStore store = Stores.sqlite(dir.resolve("g.db"), clock);
    stores.add(store);
    ZonedDateTime tick = ZonedDateTime.of(2026, 10, 31, 6, 0, 0, 0, ZoneOffset.UTC);
    LeaseOwner paused = new LeaseOwner("elsewhere", 42, 1, "n2");
    store.acquireLease(NodeLease.key("n2"), paused, clock.instant().plusSeconds(30));
    assertThat(scheduler(store, paused).claim(ReviewKind.DAILY, tick)).isTrue();
    ReviewScheduler s = scheduler(store);
    s.runDue(); // the other jobs' ticks
    assertThat(s.claimedTicks(ReviewKind.DAILY)).containsExactly(tick.toString());
    // n2 renews nothing (paused, or killed on its host): its review is taken over once its
    // name's lease has expired, not after an hour
    clock.advance(Duration.ofSeconds(31));
    assertThat(s.runDue()).anyMatch(r -> r.kind() == ReviewKind.DAILY && r.to().isEqual(tick));
    assertThat(s.claimedTicks(ReviewKind.DAILY)).containsExactly(tick.toString(), tick.toString());
  }

  ReviewScheduler scheduler(JournalStore store, LeaseOwner owner) {
    Reviewer reviewer =
        new Reviewer(store, ImprovementConfig.defaults(), MonitoringConfig.defaults(), clock);
    return new ReviewScheduler(store, reviewer, clock, dir.resolve("reports"), owner);
  }
}
