package dev.baton.improve;

import dev.baton.improve.internal.Streams;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.store.JournalStore;
import dev.baton.store.NodeLease;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the reviews of {@code baton.yaml}'s schedules (docs/improvement.md) and applies approved
 * proposals in the low-traffic window. Meant to run in every {@code baton serve} process on a
 * store:
 *
 * <ul>
 *   <li><b>Jobs.</b> The daily cycle's stages (morning analysis, midday tunings, evening
 *       proposals), the weekly and the monthly reviews are scheduled apart, each with a journal.
 *   <li><b>Exactly once per tick across processes.</b> A tick is claimed by appending {@code
 *       ReviewStarted} to the review journal of its kind ({@code baton:reviews:KIND}) at a seq
 *       derived from the tick's minute; the journal's key {@code (run, seq)} lets one process win,
 *       the others get a conflict and skip the tick.
 *   <li><b>Missed ticks caught up once.</b> Only the latest due tick is claimed: a scheduler that
 *       starts after several ticks passed runs one review for the most recent of them.
 *   <li><b>No overlap.</b> A tick is not claimed while the previous claim of the same kind has not
 *       finished, unless its owner is gone or it began more than {@link #STALE} ago.
 *   <li><b>Time from the injected clock.</b> {@link #runDue} does everything due at the clock's
 *       now, so tests move a manual clock through a month and call it; {@link #start} calls it on a
 *       named thread, waking at the next tick.
 * </ul>
 */
public final class ReviewScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReviewScheduler.class);
  static final Duration STALE = Duration.ofHours(1);

  private final JournalStore store;
  private final Reviewer reviewer;
  private final Clock clock;
  private final Path outDir;
  private final String owner;
  private final ReentrantLock lock = new ReentrantLock();
  private ScheduledExecutorService thread;

  public ReviewScheduler(JournalStore store, Reviewer reviewer, Clock clock, Path outDir) {
    this(store, reviewer, clock, outDir, LeaseOwner.current());
  }

  /**
   * @param owner who claims the ticks (recorded in {@code ReviewStarted}): this process as its node
   */
  public ReviewScheduler(
      JournalStore store, Reviewer reviewer, Clock clock, Path outDir, LeaseOwner owner) {
    this.owner = owner.toString();
    this.store = store;
    this.reviewer = reviewer;
    this.clock = clock;
    this.outDir = outDir;
  }

  /**
   * One scheduled job: a review of {@code kind}, its {@code stages}, fired by {@code schedule},
   * over the period ending at {@link #end} of the tick. Each job has its own journal, {@code
   * baton:reviews:NAME}.
   */
  record Job(String name, ReviewKind kind, Set<Reviewer.Stage> stages, Schedule schedule) {}

  /**
   * The jobs of the configuration, in the order they run at one wake-up: the daily cycle's morning
   * analysis ({@code daily}), midday tunings ({@code daily-tunings}) and evening proposals ({@code
   * daily-proposals}), then the weekly and monthly reviews.
   */
  List<Job> jobs() {
    ImprovementConfig c = reviewer.improvement();
    return List.of(
        new Job("daily", ReviewKind.DAILY, Set.of(Reviewer.Stage.ANALYSIS), c.daily()),
        new Job("daily-tunings", ReviewKind.DAILY, Set.of(Reviewer.Stage.TUNINGS), c.tunings()),
        new Job(
            "daily-proposals", ReviewKind.DAILY, Set.of(Reviewer.Stage.PROPOSALS), c.proposals()),
        new Job("weekly", ReviewKind.WEEKLY, Reviewer.Stage.ALL, c.weekly()),
        new Job("monthly", ReviewKind.MONTHLY, Reviewer.Stage.ALL, c.monthly()));
  }

  /**
   * The end of the period a job's tick reviews: its own tick for a whole review; for a later stage
   * of the daily cycle, the period of the morning analysis before it (the figures the morning
   * report showed).
   */
  private ZonedDateTime end(Job job, ZonedDateTime tick) {
    if (job.stages().contains(Reviewer.Stage.ANALYSIS)) return tick;
    return reviewer.improvement().daily().lastAtOrBefore(tick).orElse(tick);
  }

  /** The journal of the reviews of {@code kind}. */
  public static String stream(ReviewKind kind) {
    return stream(kind.word());
  }

  /** The journal of the job {@code name} ({@code daily}, {@code daily-tunings}, …). */
  public static String stream(String job) {
    return "baton:reviews:" + job;
  }

  /** Runs what is due now: each job's latest tick if unclaimed, then the window's work. */
  public List<Review> runDue() {
    lock.lock();
    try {
      List<Review> done = new ArrayList<>();
      ZonedDateTime now =
          ZonedDateTime.now(clock).withZoneSameInstant(reviewer.improvement().timezone());
      for (Job job : jobs()) {
        Optional<ZonedDateTime> tick = job.schedule().lastAtOrBefore(now);
        if (tick.isPresent() && claim(job.name(), tick.get(), false)) {
          String report = "";
          try {
            Review r = reviewer.review(job.kind(), job.stages(), end(job, tick.get()), outDir);
            report = r.markdown().getFileName().toString();
            done.add(r);
          } catch (RuntimeException e) {
            log.warn("{} review of {} failed", job.name(), tick.get(), e);
            report = "failed: " + e;
          } finally {
            finish(job.name(), tick.get(), report);
          }
        }
      }
      reviewer.proposals().sync();
      if (reviewer.improvement().inWindow(now)) reviewer.applyApproved();
      return done;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A review asked for by hand ({@code baton review KIND}): it claims the period ending at {@code
   * end} in the same journal as the scheduled ticks of its kind, so a manual and a scheduled review
   * of one period never both run, and neither runs while another review of the kind runs. A
   * scheduled tick no later than a manual review's period end is not run afterwards (the manual one
   * covered it).
   *
   * @throws ReviewBusyException when the period was reviewed already, or a review of the kind runs
   */
  public Review reviewNow(ReviewKind kind, ZonedDateTime end) {
    String job = kind.word();
    List<JournalEntry> before = store.read(stream(job), 0);
    if (!claim(job, end, true)) throw new ReviewBusyException(refusal(job, end, before));
    String report = "";
    try {
      Review r = reviewer.review(kind, Reviewer.Stage.ALL, end, outDir);
      report = r.markdown().getFileName().toString();
      return r;
    } catch (RuntimeException e) {
      report = "failed: " + e;
      throw e;
    } finally {
      finish(job, end, report);
    }
  }

  /** Why a manual review of the period ending at {@code end} may not run. */
  private String refusal(String job, ZonedDateTime end, List<JournalEntry> seen) {
    List<JournalEntry> entries = store.read(stream(job), 0);
    if (entries.isEmpty()) entries = seen;
    for (JournalEntry e : entries)
      if (e.event() instanceof Event.ReviewFinished f && sameTick(f.tick(), end))
        return "the "
            + job
            + " review of the period ending "
            + end.toOffsetDateTime()
            + " was already run ("
            + (f.report().isEmpty() ? "no report" : f.report())
            + ")";
    for (JournalEntry e : entries.reversed())
      if (e.event() instanceof Event.ReviewStarted s)
        return "a "
            + job
            + " review (period ending "
            + s.tick()
            + ") is running in process "
            + s.owner()
            + " since "
            + e.time()
            + "; try again when it has finished";
    return "the " + job + " review of the period ending " + end.toOffsetDateTime() + " is taken";
  }

  /** Claims the tick for this process; false when another claimed it or a review still runs. */
  boolean claim(ReviewKind kind, ZonedDateTime tick) {
    return claim(kind.word(), tick, false);
  }

  private boolean claim(String job, ZonedDateTime tick, boolean manual) {
    Instant now = clock.instant();
    List<JournalEntry> written =
        Streams.appendNext(
            store,
            stream(job),
            now,
            entries ->
                claimable(entries, tick, now, manual)
                    ? List.of(new Event.ReviewStarted(job, tick.toString(), owner))
                    : List.of());
    return !written.isEmpty();
  }

  /**
   * True when the last review of the journal has finished (or was cut short: see {@link #orphaned})
   * and {@code tick} is free: for a scheduled tick, later than every period claimed so far, or the
   * very tick of a review cut short, which runs again; for a manual review, no period claimed ends
   * at the same instant. Claims are appended at the journal's next seq: of two processes deciding
   * at once, one append wins and the other, reading again, decides again on the newer journal.
   */
  private boolean claimable(
      List<JournalEntry> entries, ZonedDateTime tick, Instant now, boolean manual) {
    JournalEntry lastClaim = null;
    boolean finished = true;
    Instant latest = null;
    for (JournalEntry e : entries) {
      if (e.event() instanceof Event.ReviewStarted s) {
        lastClaim = e;
        finished = false;
        Instant t = ZonedDateTime.parse(s.tick()).toInstant();
        if (manual && t.equals(tick.toInstant())) return false;
        if (latest == null || t.isAfter(latest)) latest = t;
      } else if (e.event() instanceof Event.ReviewFinished) finished = true;
    }
    if (lastClaim == null) return true;
    boolean cutShort = !finished && orphaned(lastClaim, now);
    if (!finished && !cutShort) return false;
    if (manual || latest.isBefore(tick.toInstant())) return true;
    Event.ReviewStarted s = (Event.ReviewStarted) lastClaim.event();
    return cutShort && ZonedDateTime.parse(s.tick()).toInstant().equals(tick.toInstant());
  }

  /**
   * A review that was claimed and will never finish: its process is gone (same host), its node no
   * longer holds its name's lease (killed on another host, or paused past the lease: {@link
   * NodeLease#alive}), or it began more than {@link #STALE} ago.
   */
  private boolean orphaned(JournalEntry claim, Instant now) {
    Event.ReviewStarted s = (Event.ReviewStarted) claim.event();
    return !claim.time().isAfter(now.minus(STALE)) || !NodeLease.alive(store, s.owner());
  }

  private static boolean sameTick(String tick, ZonedDateTime end) {
    return ZonedDateTime.parse(tick).toInstant().equals(end.toInstant());
  }

  private void finish(String job, ZonedDateTime tick, String report) {
    var unused =
        Streams.appendNext(
            store,
            stream(job),
            clock.instant(),
            entries -> List.of(new Event.ReviewFinished(job, tick.toString(), report, "")));
  }

  /** Ticks claimed so far for {@code kind}, oldest first (by whichever process). */
  public List<String> claimedTicks(ReviewKind kind) {
    return claimedTicks(kind.word());
  }

  /** Ticks claimed so far for the job {@code name}, oldest first (by whichever process). */
  public List<String> claimedTicks(String job) {
    return store.read(stream(job), 0).stream()
        .filter(e -> e.event() instanceof Event.ReviewStarted)
        .map(e -> ((Event.ReviewStarted) e.event()).tick())
        .toList();
  }

  /** Runs {@link #runDue} now and then at each next tick on the thread {@code baton-reviews}. */
  public void start() {
    thread =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "baton-reviews");
          t.setDaemon(true);
          return t;
        });
    var unused = thread.schedule(this::loop, 0, TimeUnit.MILLISECONDS);
  }

  private void loop() {
    try {
      runDue();
    } catch (RuntimeException e) {
      log.warn("improvement scheduler", e);
    }
    if (thread.isShutdown()) return;
    var unused = thread.schedule(this::loop, delay().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Until the next tick of any kind, at most a minute (decisions on proposals are taken in, and a
   * deferred proposal retried, within a minute).
   */
  Duration delay() {
    ZonedDateTime now =
        ZonedDateTime.now(clock).withZoneSameInstant(reviewer.improvement().timezone());
    Duration d = Duration.ofMinutes(1);
    for (Job job : jobs()) {
      Optional<ZonedDateTime> next = job.schedule().nextAfter(now);
      if (next.isPresent()) {
        Duration until = Duration.between(now, next.get());
        if (until.compareTo(d) < 0) d = until;
      }
    }
    return d.isNegative() ? Duration.ZERO : d;
  }

  @Override
  public void close() {
    if (thread != null) thread.shutdownNow();
  }
}
