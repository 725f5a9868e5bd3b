package dev.baton.improve;

import dev.baton.improve.internal.Streams;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.store.JournalStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /** The journal of the reviews of {@code kind}. */
  public static String stream(ReviewKind kind) {
    return "baton:reviews:" + kind.word();
  }

  /** Runs what is due now: each kind's latest tick if unclaimed, then the window's work. */
  public List<Review> runDue() {
    lock.lock();
    try {
      List<Review> done = new ArrayList<>();
      ZonedDateTime now =
          ZonedDateTime.now(clock).withZoneSameInstant(reviewer.improvement().timezone());
      for (ReviewKind kind : ReviewKind.values()) {
        Optional<ZonedDateTime> tick = reviewer.improvement().schedule(kind).lastAtOrBefore(now);
        if (tick.isPresent() && claim(kind, tick.get())) {
          try {
            Review r = reviewer.review(kind, tick.get(), outDir);
            finish(kind, tick.get(), r.markdown().getFileName().toString());
            done.add(r);
          } catch (RuntimeException e) {
            log.warn("{} review of {} failed", kind.word(), tick.get(), e);
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

  /** Claims the tick for this process; false when another claimed it or a review still runs. */
  boolean claim(ReviewKind kind, ZonedDateTime tick) {
    Instant now = clock.instant();
    List<JournalEntry> written =
        Streams.appendNext(
            store,
            stream(kind),
            now,
            entries ->
                claimable(entries, tick, now)
                    ? List.of(new Event.ReviewStarted(kind.word(), tick.toString(), owner))
                    : List.of());
    return !written.isEmpty();
  }

  /**
   * True when {@code tick} is later than every tick claimed in the journal and the last review has
   * finished (or its process is gone, or it began more than {@link #STALE} ago). Claims are
   * appended at the journal's next seq: of two processes deciding at once, one append wins and the
   * other, reading again, finds the tick claimed.
   */
  private boolean claimable(List<JournalEntry> entries, ZonedDateTime tick, Instant now) {
    JournalEntry lastClaim = null;
    boolean finished = true;
    for (JournalEntry e : entries) {
      if (e.event() instanceof Event.ReviewStarted) {
        lastClaim = e;
        finished = false;
      } else if (e.event() instanceof Event.ReviewFinished) finished = true;
    }
    if (lastClaim == null) return true;
    Event.ReviewStarted s = (Event.ReviewStarted) lastClaim.event();
    if (!ZonedDateTime.parse(s.tick()).toInstant().isBefore(tick.toInstant())) return false;
    if (finished) return true;
    boolean gone = LeaseOwner.parse(s.owner()).map(LeaseOwner::isDead).orElse(false);
    return gone || !lastClaim.time().isAfter(now.minus(STALE));
  }

  private void finish(ReviewKind kind, ZonedDateTime tick, String report) {
    var unused =
        Streams.appendNext(
            store,
            stream(kind),
            clock.instant(),
            entries -> List.of(new Event.ReviewFinished(kind.word(), tick.toString(), report, "")));
  }

  /** Ticks claimed so far for {@code kind}, oldest first (by whichever process). */
  public List<String> claimedTicks(ReviewKind kind) {
    return store.read(stream(kind), 0).stream()
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
    for (ReviewKind kind : ReviewKind.values()) {
      Optional<ZonedDateTime> next = reviewer.improvement().schedule(kind).nextAfter(now);
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
