package dev.baton.store;

import static dev.baton.store.Journals.T0;
import static dev.baton.store.Journals.append;
import static dev.baton.store.Journals.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.journal.AgentStatus;
import dev.baton.journal.CommandKind;
import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.journal.StoreSignal;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.RunJournal.Append;
import dev.baton.test.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JournalStore} must do, run against each implementation by a subclass that says
 * how to get a fresh store (db-scheduler's {@code CompatibilityTest}).
 */
abstract class JournalStoreContract {
  protected final ManualClock clock = ManualClock.start();
  protected String spec;
  protected JournalStore store;

  /** A store location no other test uses: a file path or a database URL. */
  protected abstract String newStoreSpec() throws Exception;

  /** Opens the store at {@link #spec}: again after {@code close()} when {@link #durable()}. */
  protected JournalStore open() {
    return Stores.open(spec, clock);
  }

  /**
   * Whether what was written survives closing the store, and a second handle (another process) sees
   * it. The in-memory store is not durable; every other promise of this suite holds for it.
   */
  protected boolean durable() {
    return true;
  }

  @BeforeEach
  void openStore() throws Exception {
    spec = newStoreSpec();
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected void reopen() {
    assumeTrue(durable(), "a store that survives closing");
    store.close();
    store = open();
  }

  // ---- journal
  // -----------------------------------------------------------------------------------

  /**
   * Appends that tell their caller ({@link RunJournal.Committed}), from many virtual threads at
   * once, each run's appends submitted one after another without waiting for their commits, as a
   * run's mailbox submits them: each is told once, without a failure, in its run's order, and the
   * journal holds them all. Some find the store idle and some queue behind others; a durable store
   * writes the first kind on the caller's thread and the second on its writer's, and a run's order
   * holds across the two.
   */
  @Test
  void appends_told_to_their_callers_from_many_threads_are_told_once_in_each_runs_order()
      throws Exception {
    int runs = 8;
    int appends = 40;
    Map<String, List<Long>> told = new HashMap<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(runs * appends);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int r = 0; r < runs; r++) {
        String run = "told-" + r;
        List<Long> mine = new CopyOnWriteArrayList<>();
        told.put(run, mine);
        threads.execute(() -> {
          for (long seq = 1; seq <= appends; seq++) {
            long s = seq;
            CompletableFuture<Void> toldNow = new CompletableFuture<>();
            store.append(
                append(run, seq, step(run + "-" + seq)),
                failure -> {
                  if (failure != null) failures.add(failure);
                  mine.add(s);
                  all.countDown();
                  toldNow.complete(null);
                });
            // now and then wait for the commit: the next append may then find the writer idle
            if (seq % 5 == 0) toldNow.join();
          }
        });
      }
    }
    assertThat(all.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).isEmpty();
    List<Long> seqs = LongStream.rangeClosed(1, appends).boxed().toList();
    for (var e : told.entrySet()) {
      assertThat(e.getValue()).as(e.getKey()).containsExactlyElementsOf(seqs);
      assertThat(store.read(e.getKey(), 0)).hasSize(appends);
    }
  }

  @Test
  void appended_entries_are_read_back_in_order_with_their_times_and_fields() {
    Event started =
        new Event.RunStarted(
            "feature",
            "high",
            Map.of("feature", "dark mode", "count", 3),
            new Event.Definition("wf.yaml", "phases: []", null, null));
    Event phase =
        new Event.PhaseStarted(
            "build", 0, List.of(new Event.PlannedStep("code#1", "code", "coder", "item")));
    store.append(append("r1", 1, started, phase)).join();
    store.append(append("r1", 3, step("code"), step("test"))).join();

    List<JournalEntry> all = store.read("r1", 0);
    assertThat(all).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(all.getFirst()).isEqualTo(new JournalEntry("r1", 1, T0.plusMillis(1), started));
    assertThat(all.get(1).event()).isEqualTo(phase);
    assertThat(store.read("r1", 2)).extracting(JournalEntry::seq).containsExactly(3L, 4L);
    assertThat(store.read("other", 0)).isEmpty();
  }

  @Test
  void appends_of_several_events_read_back_from_any_seq_and_continue_after_reopening() {
    store.append(append("r1", 1, step("a"), step("b"), step("c"))).join();
    store.append(append("r1", 4, step("d"))).join();
    store.append(append("r1", 5, step("e"), step("f"))).join();

    List<String> steps = List.of("a", "b", "c", "d", "e", "f");
    for (int after = 0; after <= 6; after++) {
      List<JournalEntry> read = store.read("r1", after);
      assertThat(read)
          .as("after seq %d", after)
          .extracting(e -> ((Event.StepQueued) e.event()).step())
          .containsExactlyElementsOf(steps.subList(after, 6));
      for (JournalEntry e : read) assertThat(e.time()).isEqualTo(T0.plusMillis(e.seq()));
    }

    if (!durable()) return;
    reopen();
    assertThatThrownBy(() -> store.append(append("r1", 6, step("again"))).join())
        .as("a new writer knows the last seq of a run whose last append held several events")
        .hasCauseInstanceOf(JournalConflictException.class);
    store.append(append("r1", 7, step("g"), step("h"))).join();
    assertThat(store.read("r1", 5)).extracting(JournalEntry::seq).containsExactly(6L, 7L, 8L);
  }

  @Test
  void creating_a_run_whose_first_append_differs_in_length_still_conflicts() {
    store.append(append("taken", 1, step("a"), step("b"), step("c"))).join();

    assertThatThrownBy(() ->
            store.create(append("taken", 1, step("x")), me, clock.instant().plusSeconds(30)).join())
        .hasCauseInstanceOf(JournalConflictException.class);
    assertThatThrownBy(() ->
            store
                .create(
                    append("taken", 1, step("x"), step("y"), step("z"), step("w")),
                    me,
                    clock.instant().plusSeconds(30))
                .join())
        .hasCauseInstanceOf(JournalConflictException.class);
    assertThat(store.read("taken", 0))
        .extracting(e -> ((Event.StepQueued) e.event()).step())
        .containsExactly("a", "b", "c");
  }

  @Test
  void a_submitted_command_signals_this_process_listeners() {
    List<StoreSignal> got = new CopyOnWriteArrayList<>();
    StoreSignal.Subscription subscription = store.listen(got::add);
    try {
      store.submit(
          new RunCommand(0, "r9", CommandKind.CANCEL, null, null, List.of(), "ann", "", T0));
      await()
          .untilAsserted(
              () -> assertThat(got).contains(new StoreSignal(StoreSignal.Kind.COMMAND, "r9")));
    } finally {
      subscription.close();
    }
  }

  @Test
  void prune_deletes_finished_runs_that_ended_before_the_cutoff_and_nothing_else() {
    // ended at T0+60 s (Journals.summary)
    store.append(append("old-done", 1, RunStatus.SUCCEEDED, step("a"), step("b"))).join();
    store.append(append("old-failed", 1, RunStatus.FAILED, step("a"))).join();
    store.append(append("running", 1, step("a"))).join();
    store.submit(
        new RunCommand(0, "old-done", CommandKind.CANCEL, null, null, List.of(), "ann", "", T0));

    assertThat(store.prune(T0.plusSeconds(60))).as("nothing ended before T0+60s").isZero();
    assertThat(store.prune(T0.plusSeconds(61))).isEqualTo(2);

    assertThat(store.runs()).extracting(RunSummary::run).containsExactly("running");
    assertThat(store.read("old-done", 0)).isEmpty();
    assertThat(store.read("old-failed", 0)).isEmpty();
    assertThat(store.read("running", 0)).hasSize(1);
    assertThat(store.pendingCommands(List.of("old-done"))).isEmpty();
    assertThat(store.prune(T0.plusSeconds(3600))).as("an unfinished run is never pruned").isZero();
  }

  @Test
  void an_append_that_reuses_a_seq_fails_with_a_conflict_and_changes_nothing() {
    store.append(append("r1", 1, step("a"), step("b"))).join();

    CompletableFuture<Void> again =
        store.append(append("r1", 2, RunStatus.FAILED, step("x"), step("y")));

    assertThatThrownBy(again::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(JournalConflictException.class);
    assertThat(store.read("r1", 0))
        .extracting(e -> ((Event.StepQueued) e.event()).step())
        .containsExactly("a", "b");
    assertThat(store.run("r1")).map(RunSummary::state).contains(RunStatus.RUNNING);
  }

  @Test
  void a_conflict_fails_only_the_offending_append_among_many_written_together() {
    store.append(append("taken", 1, step("a"))).join();
    List<CompletableFuture<Void>> others = new ArrayList<>();
    for (int i = 0; i < 50; i++) others.add(store.append(append("run-" + i, 1, step("a"))));
    CompletableFuture<Void> duplicate = store.append(append("taken", 1, step("again")));
    for (int i = 0; i < 50; i++) others.add(store.append(append("run-" + i, 2, step("b"))));

    assertThatThrownBy(duplicate::join).hasCauseInstanceOf(JournalConflictException.class);
    CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).join();
    for (int i = 0; i < 50; i++) assertThat(store.read("run-" + i, 0)).hasSize(2);
    assertThat(store.read("taken", 0)).hasSize(1);
  }

  @Test
  void an_append_told_by_callback_hears_once_of_its_commit_or_its_conflict_and_in_run_order() {
    List<Object> heard = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> created = new CompletableFuture<>();
    store.create(
        append("told", 1, step("a")),
        me,
        clock.instant().plusSeconds(30),
        failure -> {
          heard.add(failure == null ? "created" : failure);
          created.complete(null);
        });
    created.join();
    CompletableFuture<Void> last = new CompletableFuture<>();
    for (int seq = 2; seq <= 20; seq++) {
      int s = seq;
      store.append(
          append("told", seq, step("s" + seq)),
          failure -> {
            heard.add(failure == null ? s : failure);
            if (s == 20) last.complete(null);
          });
    }
    last.join();
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    store.append(append("told", 3, step("again")), refused::complete);
    // (in one flush with the refused append, a create of the same run would be refused as a hole)
    assertThat(refused).succeedsWithin(Duration.ofMinutes(1));
    CompletableFuture<Throwable> taken = new CompletableFuture<>();
    store.create(append("told", 1, step("b")), other, clock.instant(), taken::complete);

    List<Object> expected = new ArrayList<>(List.of("created"));
    for (int seq = 2; seq <= 20; seq++) expected.add(seq);
    assertThat(heard).containsExactlyElementsOf(expected);
    assertThat(refused.join()).isInstanceOf(JournalConflictException.class);
    assertThat(taken.join()).isInstanceOf(JournalConflictException.class);
    assertThat(store.read("told", 0)).hasSize(20);
  }

  @Test
  void a_callback_that_throws_does_not_stop_the_appends_after_it() {
    store.append(
        append("careless", 1, step("a")),
        failure -> {
          throw new IllegalStateException("the caller's own mistake");
        });
    CompletableFuture<Throwable> next = new CompletableFuture<>();
    store.append(append("careful", 1, step("a")), next::complete);
    assertThat(next).succeedsWithin(Duration.ofMinutes(1)).isNull();
    assertThat(store.append(append("careful", 2, step("b")))).succeedsWithin(Duration.ofMinutes(1));
    assertThat(store.read("careless", 0)).hasSize(1);
  }

  @Test
  void concurrent_appends_from_many_threads_are_grouped_into_fewer_commits() throws Exception {
    assumeTrue(durable(), "group commit batches writes to disk; memory has nothing to batch");
    int threads = 8, appendsPerThread = 60;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String run = "busy-" + t;
        done.add(
            pool.submit(() -> {
              List<CompletableFuture<Void>> mine = new ArrayList<>();
              for (int seq = 1; seq <= appendsPerThread; seq++)
                mine.add(store.append(append(run, seq, step("s" + seq))));
              mine.forEach(CompletableFuture::join);
            }));
      }
      for (Future<?> f : done) f.get();
    }

    for (int t = 0; t < threads; t++) {
      assertThat(store.read("busy-" + t, 0))
          .extracting(JournalEntry::seq)
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(1, appendsPerThread).boxed().toList());
    }
    JournalStore.Stats stats = store.stats();
    assertThat(stats.events()).isEqualTo((long) threads * appendsPerThread);
    assertThat(stats.commits()).isPositive().isLessThan(stats.events());
    assertThat(stats.commitTime()).isPositive();
  }

  @Test
  void closing_the_store_writes_every_append_still_queued() {
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int seq = 1; seq <= 200; seq++)
      futures.add(store.append(append("r", seq, step("s" + seq))));
    store.close();

    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(store.append(append("r", 201, step("late")))).isCompletedExceptionally();
    assumeTrue(durable(), "a store that survives closing");
    store = open();
    assertThat(store.read("r", 0)).hasSize(200);
  }

  // ---- runs
  // --------------------------------------------------------------------------------------

  @Test
  void summaries_follow_the_latest_append_and_unfinished_runs_exclude_finished_ones() {
    store.append(append("a", 1, step("x"))).join();
    store.append(append("b", 1, RunStatus.WAITING, step("x"))).join();
    store.append(append("c", 1, step("x"))).join();
    store.append(append("c", 2, RunStatus.SUCCEEDED, new Event.RunSucceeded())).join();

    assertThat(store.runs()).extracting(RunSummary::run).containsExactly("a", "b", "c");
    assertThat(store.run("c")).contains(Journals.summary("c", RunStatus.SUCCEEDED));
    assertThat(store.run("c").orElseThrow().ended()).contains(T0.plusSeconds(60));
    assertThat(store.run("missing")).isEmpty();
    assertThat(store.unfinishedRuns()).containsExactly("a", "b");
  }

  @Test
  void an_append_without_a_summary_leaves_the_run_and_its_lease_as_they_were() {
    store.create(append("quiet", 1, step("a")), me, clock.instant().plusSeconds(30)).join();
    Append unchanged = append("quiet", 2, step("b"), step("c"));
    store.append(new Append("quiet", unchanged.entries(), null)).join();

    assertThat(store.read("quiet", 0)).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
    assertThat(store.run("quiet")).contains(Journals.summary("quiet", RunStatus.RUNNING));
    assertThat(store.unfinishedRuns()).containsExactly("quiet");
    assertThat(store.acquireLease("quiet", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());

    store.append(append("quiet", 4, RunStatus.SUCCEEDED, new Event.RunSucceeded())).join();
    assertThat(store.run("quiet")).contains(Journals.summary("quiet", RunStatus.SUCCEEDED));
    assertThat(store.unfinishedRuns()).isEmpty();
  }

  // ---- projections
  // -------------------------------------------------------------------------------

  @Test
  void human_tasks_open_and_resolve_with_the_events_that_carry_them() {
    store
        .append(
            append(
                "r",
                1,
                new Event.HumanTaskOpened(
                    "t1",
                    TaskKind.APPROVAL,
                    "Ship it?",
                    List.of("approve", "reject"),
                    "deploy",
                    "gate",
                    TaskCause.CANCEL,
                    false),
                new Event.HumanTaskOpened(
                    "t2",
                    TaskKind.ESCALATION,
                    "Stuck",
                    List.of(),
                    "code",
                    "retries exhausted",
                    TaskCause.FAILURE,
                    true)))
        .join();

    assertThat(store.openHumanTasks()).extracting(HumanTask::id).containsExactly("t1", "t2");
    HumanTask t1 = store.humanTask("t1").orElseThrow();
    assertThat(t1)
        .isEqualTo(
            new HumanTask(
                "t1",
                "r",
                TaskKind.APPROVAL,
                "Ship it?",
                List.of("approve", "reject"),
                T0.plusMillis(1),
                Optional.empty()));

    store
        .append(
            append(
                "r",
                3,
                new Event.HumanTaskResolved("t1", HumanAction.APPROVE, List.of(), "ana", "fine")))
        .join();

    assertThat(store.openHumanTasks()).extracting(HumanTask::id).containsExactly("t2");
    assertThat(store.humanTask("t1").orElseThrow().decision()).contains(HumanAction.APPROVE);
    assertThat(store.humanTask("nope")).isEmpty();
  }

  @Test
  void the_agents_board_keeps_each_agents_latest_status() {
    store
        .append(
            append(
                "r",
                1,
                new Event.StatusReported("code", "coder", 1, 10, Map.of("text", "reading")),
                new Event.StatusReported("test", "tester", 1, null, Map.of()),
                new Event.StatusReported(
                    "code", "coder", 1, 60, Map.of("text", "writing", "eta", 5))))
        .join();

    assertThat(store.agentStatuses())
        .containsExactly(
            new AgentStatus(
                "coder", "r", "code", 1, 60, Map.of("text", "writing", "eta", 5), T0.plusMillis(3)),
            new AgentStatus("tester", "r", "test", 1, null, Map.of(), T0.plusMillis(2)));
  }

  // ---- commands
  // ----------------------------------------------------------------------------------

  @Test
  void commands_stay_pending_oldest_first_until_completed() {
    long first = store.submit(command("r1", CommandKind.DECIDE, "continue"));
    long second = store.submit(command("r2", CommandKind.CANCEL, null));
    long third = store.submit(command("r1", CommandKind.DECIDE, "abort"));
    store.submit(command("r3", CommandKind.CANCEL, null));

    List<RunCommand> pending = store.pendingCommands(List.of("r1", "r2"));
    assertThat(pending).extracting(RunCommand::id).containsExactly(first, second, third);
    assertThat(pending.getFirst())
        .isEqualTo(
            new RunCommand(
                first,
                "r1",
                CommandKind.DECIDE,
                "t1",
                "continue",
                List.of("30m"),
                "ana",
                "go on",
                clock.instant()));

    store.completeCommand(second);
    assertThat(store.pendingCommands(List.of("r1", "r2")))
        .extracting(RunCommand::id)
        .containsExactly(first, third);
    assertThat(store.pendingCommands(List.of())).isEmpty();
  }

  private static RunCommand command(String run, CommandKind kind, String action) {
    return new RunCommand(
        0, run, kind, "t1", action, List.of("30m"), "ana", "go on", Instant.EPOCH);
  }

  // ---- leases
  // ------------------------------------------------------------------------------------

  private final LeaseOwner me = new LeaseOwner("elsewhere-1", 100, 1);
  private final LeaseOwner other = new LeaseOwner("elsewhere-2", 200, 2);

  @Test
  void a_process_that_lost_a_run_s_lease_can_never_append_over_the_new_owner() {
    // two processes on one store: "store" executes r as me, "newer" takes r over after expiry
    store.acquireLease("r", me, clock.now().plusSeconds(30));
    store.append(append("r", 1, step("a"))).join();
    clock.advance(Duration.ofSeconds(31)); // me is paused past its lease
    assumeTrue(durable(), "a second handle on the same store");
    try (JournalStore newer = open()) {
      assertThat(newer.acquireLease("r", other, clock.now().plusSeconds(30)))
          .isEqualTo(other.toString());
      // me wakes up and appends the seq the new owner has not written yet: refused by the fence
      assertThatThrownBy(() -> store.append(append("r", 2, step("stale"))).join())
          .hasCauseInstanceOf(JournalConflictException.class)
          .hasMessageContaining("another process has taken over its lease");
      newer.append(append("r", 2, step("b"))).join();
      assertThat(newer.read("r", 0))
          .extracting(e -> ((Event.StepQueued) e.event()).step())
          .containsExactly("a", "b");
      // other runs of the fenced-out process are not affected
      store.acquireLease("s", me, clock.now().plusSeconds(30));
      store.append(append("s", 1, step("x"))).join();
      assertThat(store.read("s", 0)).hasSize(1);
    }
  }

  @Test
  void a_process_learns_which_of_its_runs_another_has_taken_over() {
    store.acquireLease("r", me, clock.now().plusSeconds(30));
    store.acquireLease("s", me, clock.now().plusSeconds(30));
    assertThat(store.takenOver(List.of("r", "s"), me)).isEmpty();
    clock.advance(Duration.ofSeconds(31)); // me is paused past its leases
    assertThat(store.acquireLease("r", other, clock.now().plusSeconds(30)))
        .isEqualTo(other.toString());
    assertThat(store.takenOver(List.of("r", "s"), me)).containsExactly("r");
    store.releaseLease("r", other); // the other process finished the run and let it go
    assertThat(store.takenOver(List.of("r", "s"), me)).containsExactly("r");
  }

  @Test
  void runs_are_executing_while_a_live_process_holds_their_lease_and_paused_otherwise() {
    store.acquireLease("r", me, clock.now().plusSeconds(30));
    store.acquireLease("s", me, clock.now().plusSeconds(30));
    assertThat(store.executing(List.of("r", "s", "never"))).containsExactlyInAnyOrder("r", "s");
    store.releaseLease("s", me); // Ctrl-C: the engine stopped and gave the lease up
    assertThat(store.executing(List.of("r", "s"))).containsExactly("r");
    clock.advance(Duration.ofSeconds(31)); // no longer renewed: the process is gone elsewhere
    assertThat(store.executing(List.of("r", "s"))).isEmpty();
    assertThat(store.executing(List.of())).isEmpty();
  }

  @Test
  void a_free_lease_is_taken_and_a_held_one_is_refused_naming_its_holder() {
    Instant until = clock.instant().plusSeconds(30);
    assertThat(store.acquireLease("r", me, until)).isEqualTo(me.toString());
    assertThat(store.acquireLease("r", me, until.plusSeconds(5))).isEqualTo(me.toString());
    assertThat(store.acquireLease("r", other, until)).isEqualTo(me.toString());
  }

  @Test
  void an_expired_lease_is_taken_by_another_owner() {
    store.acquireLease("r", me, clock.instant().plusSeconds(30));
    clock.advance(Duration.ofSeconds(31));
    assertThat(store.acquireLease("r", other, clock.instant().plusSeconds(30)))
        .isEqualTo(other.toString());
  }

  @Test
  void renewing_extends_every_lease_of_the_owner() {
    store.acquireLease("a", me, clock.instant().plusSeconds(30));
    store.acquireLease("b", me, clock.instant().plusSeconds(30));
    store.acquireLease("c", other, clock.instant().plusSeconds(30));
    store.renewLeases(me, clock.instant().plusSeconds(120));
    clock.advance(Duration.ofSeconds(60));

    assertThat(store.acquireLease("a", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());
    assertThat(store.acquireLease("b", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());
    assertThat(store.acquireLease("c", me, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());
  }

  @Test
  void a_released_lease_is_free_for_another_owner_and_only_its_holder_releases_it() {
    store.acquireLease("r", me, clock.instant().plusSeconds(30));
    store.releaseLease("r", other);
    assertThat(store.acquireLease("r", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());
    store.releaseLease("r", me);
    assertThat(store.acquireLease("r", other, clock.instant().plusSeconds(30)))
        .isEqualTo(other.toString());
  }

  @Test
  void the_lease_of_a_dead_process_on_this_host_is_taken_over_at_once() {
    LeaseOwner dead = new LeaseOwner(LeaseOwner.current().host(), 999_999_999L, 1);
    store.acquireLease("r", dead, clock.instant().plusSeconds(300));
    LeaseOwner self = LeaseOwner.current();
    assertThat(store.acquireLease("r", self, clock.instant().plusSeconds(30)))
        .isEqualTo(self.toString());
  }

  @Test
  void the_lease_of_a_process_on_another_host_waits_for_expiry() {
    LeaseOwner remote = new LeaseOwner("another-host.invalid", 999_999_999L, 1);
    store.acquireLease("r", remote, clock.instant().plusSeconds(30));
    assertThat(store.acquireLease("r", me, clock.instant().plusSeconds(30)))
        .isEqualTo(remote.toString());
  }

  @Test
  void a_lease_taken_before_the_first_append_does_not_list_the_run() {
    store.acquireLease("early", me, clock.instant().plusSeconds(30));
    assertThat(store.runs()).isEmpty();
    assertThat(store.unfinishedRuns()).isEmpty();
    store.append(append("early", 1, step("a"))).join();
    assertThat(store.unfinishedRuns()).containsExactly("early");
    assertThat(store.acquireLease("early", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());
  }

  @Test
  void creating_a_run_takes_its_lease_in_the_same_commit() {
    store.create(append("fresh", 1, step("a")), me, clock.instant().plusSeconds(30)).join();

    assertThat(store.unfinishedRuns()).containsExactly("fresh");
    assertThat(store.acquireLease("fresh", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());
  }

  @Test
  void creating_a_run_that_exists_fails_with_a_conflict_and_leaves_its_lease_alone() {
    store.append(append("taken", 1, step("a"))).join();
    store.acquireLease("taken", other, clock.instant().plusSeconds(30));

    CompletableFuture<Void> again =
        store.create(append("taken", 1, step("b")), me, clock.instant().plusSeconds(30));

    assertThatThrownBy(again::join).hasCauseInstanceOf(JournalConflictException.class);
    assertThat(store.acquireLease("taken", me, clock.instant().plusSeconds(30)))
        .isEqualTo(other.toString());
  }

  @Test
  void many_leases_are_taken_at_once_except_those_held_by_another_live_owner() {
    for (String run : List.of("a", "b", "c")) store.append(append(run, 1, step("x"))).join();
    store.acquireLease("b", other, clock.instant().plusSeconds(30));
    store.acquireLease("c", me, clock.instant().plusSeconds(30));

    assertThat(store.acquireLeases(List.of("a", "b", "c"), me, clock.instant().plusSeconds(30)))
        .containsExactly("a", "c");
    assertThat(store.acquireLease("a", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());
    assertThat(store.acquireLeases(List.of(), me, clock.instant())).isEmpty();
  }

  @Test
  void the_append_that_finishes_a_run_releases_its_lease() {
    store.create(append("done", 1, step("a")), me, clock.instant().plusSeconds(30)).join();
    store.append(append("done", 2, RunStatus.RUNNING, step("b"))).join();
    assertThat(store.acquireLease("done", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());

    store.append(append("done", 3, RunStatus.SUCCEEDED, new Event.RunSucceeded())).join();

    assertThat(store.acquireLease("done", other, clock.instant().plusSeconds(30)))
        .isEqualTo(other.toString());
  }

  // ---- durability
  // --------------------------------------------------------------------------------

  @Test
  void a_reopened_store_keeps_journals_runs_projections_commands_and_leases() {
    store
        .append(
            append(
                "r",
                1,
                step("a"),
                new Event.HumanTaskOpened(
                    "t", TaskKind.INPUT, "Which?", List.of(), "a", "need", TaskCause.AGENT, true),
                new Event.StatusReported("a", "coder", 1, 5, Map.of())))
        .join();
    long id = store.submit(command("r", CommandKind.CANCEL, null));
    store.acquireLease("r", me, clock.instant().plusSeconds(30));

    reopen();

    assertThat(store.read("r", 0)).hasSize(3);
    assertThat(store.run("r")).isPresent();
    assertThat(store.openHumanTasks()).extracting(HumanTask::id).containsExactly("t");
    assertThat(store.agentStatuses()).extracting(AgentStatus::agent).containsExactly("coder");
    assertThat(store.pendingCommands(List.of("r"))).extracting(RunCommand::id).containsExactly(id);
    assertThat(store.acquireLease("r", other, clock.instant().plusSeconds(30)))
        .isEqualTo(me.toString());
  }

  @Test
  void an_append_without_a_summary_keeps_the_previous_one() {
    store.append(append("r", 1, step("a"))).join();
    Append bare = new Append("r", List.of(new JournalEntry("r", 2, T0, step("b"))), null);
    store.append(bare).join();
    assertThat(store.read("r", 0)).hasSize(2);
    assertThat(store.run("r")).map(RunSummary::state).contains(RunStatus.RUNNING);
  }

  // ---- text and writes a store cannot take ----------------------------------------------------

  /**
   * Makes the database refuse every event row whose data holds {@code marker} (a trigger), as a
   * store refuses data it cannot hold.
   */
  protected abstract void refuseEventsHolding(String marker) throws Exception;

  @Test
  void text_a_store_cannot_hold_is_journaled_as_replacement_characters() {
    assumeTrue(durable(), "a database that cannot hold some text");
    Event status =
        new Event.StatusReported(
            "build",
            "coder",
            1,
            50,
            Map.of("message", "a\u0000b", "k\u0000ey", "lone \uD800 high"));
    Event question =
        new Event.HumanTaskOpened(
            "t1",
            TaskKind.INPUT,
            "why\u0000?",
            List.of("ok"),
            "build",
            "reason \uDC00",
            TaskCause.AGENT,
            true);
    store.append(append("r", 1, status, question, step("emoji \uD83D\uDE00 kept"))).join();

    List<JournalEntry> read = store.read("r", 0);
    Event.StatusReported s = (Event.StatusReported) read.get(0).event();
    assertThat(s.status())
        .containsEntry("message", "a\uFFFDb")
        .containsEntry("k\uFFFDey", "lone \uFFFD high");
    assertThat(((Event.HumanTaskOpened) read.get(1).event()).question()).isEqualTo("why\uFFFD?");
    assertThat(((Event.StepQueued) read.get(2).event()).step())
        .isEqualTo("emoji \uD83D\uDE00 kept");
    assertThat(store.humanTask("t1")).map(HumanTask::question).contains("why\uFFFD?");
    assertThat(store.agentStatuses()).extracting(AgentStatus::progress).containsExactly(50);
  }

  @Test
  void a_write_the_database_refuses_fails_only_its_run_and_its_error_quotes_no_sql()
      throws Exception {
    assumeTrue(durable(), "a database that refuses writes");
    refuseEventsHolding("POISON");
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      List<CompletableFuture<Void>> others = new ArrayList<>();
      for (int i = 0; i < 40; i++) others.add(store.append(append("run-" + i, 1, step("a"))));
      CompletableFuture<Void> poisoned =
          store.append(append("bad", 1, step("a"), new Event.StepQueued("b", "s", "c", "POISON")));
      CompletableFuture<Void> after = store.append(append("bad", 3, step("later")));
      for (int i = 0; i < 40; i++) others.add(store.append(append("run-" + i, 2, step("b"))));

      assertThatThrownBy(poisoned::join)
          .cause()
          .isInstanceOf(dev.baton.journal.JournalWriteException.class)
          .hasMessageStartingWith("cannot write the journal of run bad (")
          .hasMessageNotContaining("INSERT")
          .hasMessageNotContaining("POISON")
          .hasMessageNotContaining("\n");
      assertThatThrownBy(after::join)
          .cause()
          .isInstanceOf(dev.baton.journal.JournalWriteException.class);
      CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).join();
      for (int i = 0; i < 40; i++) assertThat(store.read("run-" + i, 0)).hasSize(2);
      assertThat(store.read("bad", 0)).isEmpty();
    } finally {
      root.detachAppender(logs);
    }
    assertThat(logs.list)
        .allSatisfy(e -> {
          assertThat(e.getFormattedMessage()).doesNotContain("INSERT").doesNotContain("POISON");
          assertThat(e.getThrowableProxy()).isNull();
        });
  }
}
